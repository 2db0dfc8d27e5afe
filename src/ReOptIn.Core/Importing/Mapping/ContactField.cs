namespace ReOptIn.Core.Importing.Mapping;

/// <summary>What a column of an uploaded file holds.</summary>
public enum ContactField
{
    Ignore,
    Email,
    FirstName,
    LastName,
    FullName,
    Source,
    Country,
    Language,
    LastMailedAt,
    ConsentAt,
    /// <summary>Kept as a custom attribute under the column's name.</summary>
    Custom,
}
