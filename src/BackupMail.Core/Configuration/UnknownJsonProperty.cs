using System.Text.Json;

namespace BackupMail.Configuration
{
    /// <summary>
    /// A property of <c>config.json</c> that this version does not know (written by a newer one, or by hand),
    /// kept with its value so that writing the file again does not lose it.
    /// </summary>
    internal sealed class UnknownJsonProperty
    {
        public UnknownJsonProperty(string name, JsonElement value)
        {
            Name = name;
            Value = value;
        }

        /// <summary>The name as it was written.</summary>
        public string Name { get; }

        /// <summary>The value, detached from the document it was read from.</summary>
        public JsonElement Value { get; }
    }
}
