using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace BackupMail.Isolation
{
    /// <summary>
    /// The assembly load context that holds the engine and the libraries it ships (MailKit, MimeKit,
    /// BouncyCastle, ...). Whatever another module has loaded into the default context, the engine binds to
    /// the copies in its own folder. The platform's assemblies (System.*, PowerShell's own) still come from the
    /// default context when they are at least the version asked for, so types such as <see cref="Span{T}"/>
    /// stay one type for everybody; an older platform (PowerShell 7.4 on .NET 8) gets the module's newer copy.
    /// </summary>
    internal sealed class EngineLoadContext : AssemblyLoadContext
    {
        private readonly string _directory;
        private readonly Lazy<Dictionary<string, string>> _platformAssemblies = new Lazy<Dictionary<string, string>>(ReadPlatformAssemblies);

        /// <summary>Creates the context for the assemblies in <paramref name="directory"/>.</summary>
        public EngineLoadContext(string directory)
            : base("BackupMail")
        {
            _directory = directory;
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
            bool isSatellite = !string.IsNullOrEmpty(assemblyName.CultureName);
            if (!isSatellite && IsServedByPlatform(assemblyName))
            {
                return null;
            }

            // Satellite assemblies (the German messages) live in a folder named after their culture.
            string path = isSatellite
                ? Path.Combine(_directory, assemblyName.CultureName, assemblyName.Name + ".dll")
                : Path.Combine(_directory, assemblyName.Name + ".dll");
            return File.Exists(path) ? path : null;
        }

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
