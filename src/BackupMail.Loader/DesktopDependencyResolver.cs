using System;
using System.IO;
using System.Reflection;

namespace BackupMail.Loader
{
    /// <summary>
    /// Windows PowerShell 5.1 has a single load context, so the module answers AppDomain.AssemblyResolve, which
    /// is raised only when the runtime found no match itself, and answers only with its own files: the engine and
    /// the libraries in Dependencies/Desktop, at a version at least the one asked for. Strong-named libraries
    /// such as MailKit then load beside another module's version instead of clashing with it.
    /// </summary>
    internal static class DesktopDependencyResolver
    {
        private static readonly object Gate = new object();
        private static string s_directory;
        private static bool s_installed;

        public static void Install(string dependencyDirectory)
        {
            lock (Gate)
            {
                s_directory = dependencyDirectory;
                if (!s_installed)
                {
                    AppDomain.CurrentDomain.AssemblyResolve += OnAssemblyResolve;
                    s_installed = true;
                }
            }
        }

        public static void Remove()
        {
            lock (Gate)
            {
                if (s_installed)
                {
                    AppDomain.CurrentDomain.AssemblyResolve -= OnAssemblyResolve;
                    s_installed = false;
                }
            }
        }

        private static Assembly OnAssemblyResolve(object sender, ResolveEventArgs args)
        {
            var requested = new AssemblyName(args.Name);
            string folder = string.IsNullOrEmpty(requested.CultureName) ? s_directory : Path.Combine(s_directory, requested.CultureName);
            string path = Path.Combine(folder, requested.Name + ".dll");
            if (!File.Exists(path))
            {
                return null;
            }

            // Never hand anyone an older version than the one they were built against.
            Version ours = AssemblyName.GetAssemblyName(path).Version;
            if (requested.Version != null && ours < requested.Version)
            {
                return null;
            }

            return Assembly.LoadFrom(path);
        }
    }
}
