using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace BackupMail.Isolation
{
    /// <summary>
    /// PowerShell resolves type names such as <c>[BackupMail.BackupMailResult]</c> only among the default
    /// context's assemblies, so the isolated engine's public types would have no name in scripts. Once the engine
    /// has loaded, this registers each of them as a type accelerator under its full name.
    /// </summary>
    internal static class EngineTypeNames
    {
        private const string AcceleratorsType = "System.Management.Automation.TypeAccelerators, System.Management.Automation";

        // References to these are the platform's own types; anything else (MailKit, MimeKit) would load a library.
        private static readonly HashSet<string> PlatformAssemblies =
            new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "netstandard", "mscorlib", "System.Runtime", "System.Private.CoreLib" };

        /// <summary>Makes the public types of <paramref name="engine"/> resolvable by their full names.</summary>
        public static void Publish(Assembly engine)
        {
            // Not a public API of PowerShell, but a stable one; without it (another host) the names simply stay unknown.
            MethodInfo add = Type.GetType(AcceleratorsType, throwOnError: false)
                ?.GetMethod("Add", BindingFlags.Public | BindingFlags.Static, null, new[] { typeof(string), typeof(Type) }, null);
            if (add == null)
            {
                return;
            }

            foreach (string name in PublicTypeNames(engine.Location))
            {
                Type type = engine.GetType(name, throwOnError: false);
                if (type != null)
                {
                    add.Invoke(null, new object[] { name, type });
                }
            }
        }

        // Read from the metadata, not through reflection: loading every public type would also load MailKit and
        // MimeKit (a few engine types derive from theirs) while the module imports. Those few types keep no name.
        private static List<string> PublicTypeNames(string path)
        {
            var names = new List<string>();
            using (var pe = new PEReader(File.OpenRead(path)))
            {
                MetadataReader metadata = pe.GetMetadataReader();
                foreach (TypeDefinitionHandle handle in metadata.TypeDefinitions)
                {
                    TypeDefinition definition = metadata.GetTypeDefinition(handle);
                    bool isPublicTopLevel = (definition.Attributes & TypeAttributes.VisibilityMask) == TypeAttributes.Public;
                    if (isPublicTopLevel && !LoadsLibrary(metadata, definition))
                    {
                        string ns = metadata.GetString(definition.Namespace);
                        string name = metadata.GetString(definition.Name);
                        names.Add(ns.Length == 0 ? name : ns + "." + name);
                    }
                }
            }

            return names;
        }

        private static bool LoadsLibrary(MetadataReader metadata, TypeDefinition definition)
        {
            if (IsLibraryType(metadata, definition.BaseType))
            {
                return true;
            }

            foreach (InterfaceImplementationHandle implementation in definition.GetInterfaceImplementations())
            {
                if (IsLibraryType(metadata, metadata.GetInterfaceImplementation(implementation).Interface))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsLibraryType(MetadataReader metadata, EntityHandle type)
        {
            switch (type.Kind)
            {
                case HandleKind.TypeReference:
                    EntityHandle scope = metadata.GetTypeReference((TypeReferenceHandle)type).ResolutionScope;
                    return scope.Kind == HandleKind.AssemblyReference
                        && !PlatformAssemblies.Contains(metadata.GetString(metadata.GetAssemblyReference((AssemblyReferenceHandle)scope).Name));
                case HandleKind.TypeSpecification:
                    return true; // a generic base or interface: its arguments may come from anywhere
                default:
                    return false;
            }
        }
    }
}
