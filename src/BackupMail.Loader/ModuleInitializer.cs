using System.Management.Automation;

namespace BackupMail.Loader
{
    /// <summary>
    /// Runs when PowerShell imports or removes the module: makes the engine and its libraries (MailKit, MimeKit,
    /// BouncyCastle) load from the module's own Dependencies folder, isolated from other modules' versions.
    /// The manifest lists BackupMail.Loader.dll as a nested module so that this runs before PowerShell reads the
    /// cmdlets assembly (reading it already needs the engine). Loads nothing itself, so importing stays fast:
    /// the engine loads when a cmdlet first needs it.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        /// <summary>Called by PowerShell when the module is imported.</summary>
        public void OnImport()
        {
            if (ModuleLayout.IsDesktop)
            {
                DesktopDependencyResolver.Install(ModuleLayout.DesktopDependencies);
            }
            else
            {
                CoreIsolation.Install(ModuleLayout.CoreDependencies);
            }
        }

        /// <summary>Called by PowerShell when the module is removed.</summary>
        /// <param name="psModuleInfo">The module being removed.</param>
        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            if (ModuleLayout.IsDesktop)
            {
                DesktopDependencyResolver.Remove();
            }
            else
            {
                CoreIsolation.Remove(ModuleLayout.CoreDependencies);
            }
        }
    }
}
