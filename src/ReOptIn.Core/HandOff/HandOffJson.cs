using System.Text.Json;

namespace ReOptIn.Core.HandOff;

internal static class HandOffJson
{
    /// <summary>camelCase, as the webhook documents its body.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
