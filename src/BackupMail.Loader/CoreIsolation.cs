using System;
using System.IO;
using System.Reflection;

namespace BackupMail.Loader
{
    /// <summary>
    /// PowerShell 7: hands the engine to BackupMail.Isolation.dll, which loads it in its own AssemblyLoadContext.
    /// That assembly targets net8.0 (AssemblyLoadContext is not in netstandard2.0), so this netstandard2.0 loader
    /// assembly reaches it by name rather than by reference.
    /// </summary>
    internal static class CoreIsolation
    {
        private const string IsolationType = "BackupMail.Isolation.EngineIsolation";

        public static void Install(string dependencyDirectory) =>
            Invoke(dependencyDirectory, "Install", dependencyDirectory);

        public static void Remove(string dependencyDirectory) =>
            Invoke(dependencyDirectory, "Remove");

        private static void Invoke(string dependencyDirectory, string method, params object[] arguments)
        {
            // LoadFrom puts it in the default context, where the cmdlets' request for the engine is raised.
            Assembly isolation = Assembly.LoadFrom(Path.Combine(dependencyDirectory, "BackupMail.Isolation.dll"));
            Type type = isolation.GetType(IsolationType, throwOnError: true);
            type.GetMethod(method, BindingFlags.Public | BindingFlags.Static).Invoke(null, arguments);
        }
    }
}
