using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace BackupMail.Isolation
{
    /// <summary>
    /// The assembly load context that holds the engine and the libraries it ships (MailKit, MimeKit,
    /// BouncyCastle, ...). Whatever another module has loaded into the default context, the engine binds to
    /// the copies in its own folder. The platform's assemblies (System.*, PowerShell's own) still come from the
    /// default context when they are at least the version asked for, so types such as <see cref="Span{T}"/>
    /// stay one type for everybody; an older platform (PowerShell 7.4 on .NET 8) gets the module's newer copy.
    /// On .NET 10 and later the engine, MailKit and MimeKit come from ReadyToRun/&lt;platform&gt; when the module has
    /// a precompiled copy for this platform, so a fresh process does not compile them method by method.
    /// </summary>
    internal sealed class EngineLoadContext : AssemblyLoadContext
    {
        // The runtime the ReadyToRun copies were compiled against (build/ReadyToRun): they reference its assemblies,
        // so an older runtime must not load them; a newer one runs their IL and ignores the precompiled code.
        private const int ReadyToRunRuntimeMajor = 10;

        private readonly string _directory;
        private readonly string _readyToRunDirectory;
        private readonly Lazy<Dictionary<string, string>> _platformAssemblies = new Lazy<Dictionary<string, string>>(ReadPlatformAssemblies);

        /// <summary>Creates the context for the assemblies in <paramref name="directory"/>.</summary>
        public EngineLoadContext(string directory)
            : base("BackupMail")
        {
            _directory = directory;
            _readyToRunDirectory = ReadyToRunDirectory(directory);
        }

        // The folder of precompiled copies that this process can use (ReadyToRun/win-x64, linux-arm64, ...), or
        // null when the runtime is older than theirs or the module has none for this platform.
        private static string ReadyToRunDirectory(string directory)
        {
            if (Environment.Version.Major < ReadyToRunRuntimeMajor)
            {
                return null;
            }

            string path = Path.Combine(directory, "ReadyToRun", PlatformName());
            return Directory.Exists(path) ? path : null;
        }

        // The runtime identifier the build publishes for: "win", "linux" or "osx", then the process architecture.
        private static string PlatformName()
        {
            string os = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "win"
                : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "osx"
                : "linux";
            return os + "-" + RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        }

        /// <inheritdoc />
        protected override Assembly Load(AssemblyName assemblyName)
        {
            string path = PathOf(assemblyName);
            return path != null ? LoadFromAssemblyPath(path) : null;
        }

        /// <summary>The file in the module's folder that answers <paramref name="assemblyName"/>, or null to defer to the default context.</summary>
        public string PathOf(AssemblyName assemblyName)
        {
            // Satellite assemblies (the German messages) live in a folder named after their culture.
            if (!string.IsNullOrEmpty(assemblyName.CultureName))
            {
                return ExistingFile(Path.Combine(_directory, assemblyName.CultureName, assemblyName.Name + ".dll"));
            }

            string fileName = assemblyName.Name + ".dll";
            string path = (_readyToRunDirectory != null ? ExistingFile(Path.Combine(_readyToRunDirectory, fileName)) : null)
                ?? ExistingFile(Path.Combine(_directory, fileName));

            // Only what the module ships is worth comparing with the platform's copy (which means reading that file):
            // everything else comes from the default context anyway.
            return path != null && !IsServedByPlatform(assemblyName) ? path : null;
        }

        private static string ExistingFile(string path) => File.Exists(path) ? path : null;

        private bool IsServedByPlatform(AssemblyName assemblyName)
        {
            if (!_platformAssemblies.Value.TryGetValue(assemblyName.Name, out string platformPath))
            {
                return false;
            }

            return assemblyName.Version == null || AssemblyName.GetAssemblyName(platformPath).Version >= assemblyName.Version;
        }

        private static Dictionary<string, string> ReadPlatformAssemblies()
        {
            // The runtime's and PowerShell's own assemblies: the host lists them in TRUSTED_PLATFORM_ASSEMBLIES.
            var paths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            string list = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? string.Empty;
            foreach (string path in list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                paths[Path.GetFileNameWithoutExtension(path)] = path;
            }

            return paths;
        }
    }
}
