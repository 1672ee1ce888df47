using System.Diagnostics.CodeAnalysis;

namespace BackupMail
{
    /// <summary>
    /// <see cref="string.IsNullOrEmpty"/> and <see cref="string.IsNullOrWhiteSpace"/> as .NET Core 3.0 and later annotate
    /// them: netstandard2.0's copies do not tell the compiler that the string is not null when they return false. Use
    /// these where the code goes on to use the string.
    /// </summary>
    internal static class Strings
    {
        /// <summary><see cref="string.IsNullOrEmpty"/>, annotated.</summary>
        public static bool IsNullOrEmpty([NotNullWhen(false)] string? value) => string.IsNullOrEmpty(value);

        /// <summary><see cref="string.IsNullOrWhiteSpace"/>, annotated.</summary>
        public static bool IsNullOrWhiteSpace([NotNullWhen(false)] string? value) => string.IsNullOrWhiteSpace(value);
    }
}
