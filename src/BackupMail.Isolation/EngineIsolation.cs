using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace BackupMail.Isolation
{
    /// <summary>
    /// Sends the cmdlets' reference to the engine (BackupMail.Core) into the engine's own load context.
    /// BackupMail.Loader calls <see cref="Install"/> when the module is imported on PowerShell 7, and
    /// <see cref="Remove"/> when it is removed.
    /// </summary>
    public static class EngineIsolation
    {
        private const string EngineAssemblyName = "BackupMail.Core";
        private static readonly object Gate = new object();
        private static EngineLoadContext s_context;
        private static bool s_installed;
        private static bool s_typeNamesPublished;

        /// <summary>
        /// Answers the default context's requests for the engine from <paramref name="dependencyDirectory"/>,
        /// through one <see cref="AssemblyLoadContext"/> that also holds the engine's libraries. Nothing is
        /// loaded yet: the engine loads when a cmdlet first needs it. Calling it again does nothing.
        /// </summary>
        /// <param name="dependencyDirectory">The folder that holds BackupMail.Core.dll and its libraries.</param>
        /// <exception cref="ArgumentException"><paramref name="dependencyDirectory"/> is null or empty.</exception>
        public static void Install(string dependencyDirectory)
        {
            if (string.IsNullOrEmpty(dependencyDirectory))
            {
                throw new ArgumentException("The dependency folder is required.", nameof(dependencyDirectory));
            }

            lock (Gate)
            {
                // One context per session, even across Remove-Module and Import-Module: an engine that was
                // loaded once stays loaded, and the cmdlets are already bound to it.
                s_context ??= new EngineLoadContext(Path.GetFullPath(dependencyDirectory));
                if (!s_installed)
                {
                    AssemblyLoadContext.Default.Resolving += OnDefaultResolving;
                    s_installed = true;
                }
            }
        }

        /// <summary>Stops answering the default context's requests (the module was removed).</summary>
        public static void Remove()
        {
            lock (Gate)
            {
                if (s_installed)
                {
                    AssemblyLoadContext.Default.Resolving -= OnDefaultResolving;
                    s_installed = false;
                }
            }
        }

        // Only the engine itself is answered here: its own references then go to the engine's context first,
        // and nothing another module asks the default context for is ever taken from our folder.
        private static Assembly OnDefaultResolving(AssemblyLoadContext context, AssemblyName assemblyName)
        {
            if (!string.Equals(assemblyName.Name, EngineAssemblyName, StringComparison.OrdinalIgnoreCase)
                || !string.IsNullOrEmpty(assemblyName.CultureName))
            {
                return null;
            }

            if (s_context.PathOf(assemblyName) == null)
            {
                return null;
            }

            Assembly engine = s_context.LoadFromAssemblyName(assemblyName);
            lock (Gate)
            {
                if (!s_typeNamesPublished)
                {
                    EngineTypeNames.Publish(engine);
                    s_typeNamesPublished = true;
                }
            }

            return engine;
        }
    }
}
