using System.Text.Json;

namespace BackupMail.OAuth
{
    /// <summary>Reading the identity provider's JSON answers and the token cache envelope.</summary>
    internal static class OAuthJson
    {
        /// <summary>The string property <paramref name="name"/> of <paramref name="element"/>; null when it is not an object or has no such string.</summary>
        internal static string? String(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
    }
}
