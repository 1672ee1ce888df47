using System;
using System.IO;

namespace BackupMail.Loader
{
    /// <summary>
    /// Where the module keeps the engine and its libraries: not beside the cmdlets, so that neither PowerShell
    /// nor the runtime finds them on their own, but in one folder per edition that only BackupMail answers from.
    /// </summary>
    internal static class ModuleLayout
    {
        /// <summary>The module's root folder (BackupMail.Loader.dll sits beside the manifest and the cmdlets).</summary>
        public static string ModuleDirectory =>
            Path.GetDirectoryName(typeof(ModuleLayout).Assembly.Location);

        /// <summary>True on Windows PowerShell 5.1 (.NET Framework, whose core library is mscorlib); false on PowerShell 7.</summary>
        public static bool IsDesktop =>
            string.Equals(typeof(object).Assembly.GetName().Name, "mscorlib", StringComparison.Ordinal);

        /// <summary>The net8.0 engine, its libraries and BackupMail.Isolation.dll, for PowerShell 7.</summary>
        public static string CoreDependencies => Path.Combine(ModuleDirectory, "Dependencies", "Core");

        /// <summary>The netstandard2.0 engine and its libraries, for Windows PowerShell 5.1.</summary>
        public static string DesktopDependencies => Path.Combine(ModuleDirectory, "Dependencies", "Desktop");
    }
}
