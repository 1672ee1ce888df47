using System.Text.Json.Serialization;

namespace BackupMail.Configuration
{
    /// <summary>
    /// Compile-time JSON metadata for <c>config.json</c>: a scheduled task starts a fresh process for every run,
    /// and reflection-based serialization would spend tens of milliseconds warming up on each first read.
    /// </summary>
    [JsonSerializable(typeof(BackupMailConfig))]
    internal sealed partial class ConfigJsonContext : JsonSerializerContext
    {
    }
}
