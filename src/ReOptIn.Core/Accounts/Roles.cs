namespace ReOptIn.Core.Accounts;

public static class Roles
{
    /// <summary>Configures senders, approves and launches campaigns, manages users, exports proof.</summary>
    public const string Admin = nameof(Admin);

    /// <summary>Uploads lists, writes and previews requests, watches progress.</summary>
    public const string Marketer = nameof(Marketer);

    public static readonly IReadOnlyList<string> All = [Admin, Marketer];
}
