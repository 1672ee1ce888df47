using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace BackupMail.OAuthDoubles
{
    /// <summary>
    /// <c>--make-ca &lt;dir&gt;</c>: writes (or reuses) the test CA: ca.pem, ca.pfx, trust.pem.
    /// <c>serve --state &lt;dir&gt; [--ca &lt;dir&gt;] [--ignore-stdin]</c>: runs the doubles, writes &lt;dir&gt;/endpoints.json once
    /// listening, and exits when stdin closes (unless --ignore-stdin) or on SIGTERM/SIGINT.
    /// </summary>
    public static class Program
    {
        /// <summary>Entry point.</summary>
        public static int Main(string[] args)
        {
            if (args.Length == 2 && args[0] == "--make-ca")
            {
                using (var ca = TestCertificateAuthority.CreateOrLoad(args[1]))
                {
                    Console.WriteLine(Path.Combine(ca.Directory, TestCertificateAuthority.TrustFileName));
                }
                return 0;
            }
            if (args.Length >= 1 && args[0] == "serve")
            {
                string stateDir = null, caDir = null;
                var ignoreStdin = false;
                for (var i = 1; i < args.Length; i++)
                {
                    if (args[i] == "--state" && i + 1 < args.Length) stateDir = args[++i];
                    else if (args[i] == "--ca" && i + 1 < args.Length) caDir = args[++i];
                    else if (args[i] == "--ignore-stdin") ignoreStdin = true;
                    else return Usage($"Unknown argument '{args[i]}'.");
                }
                if (stateDir == null) return Usage("serve needs --state <dir>.");
                return Serve(stateDir, caDir, ignoreStdin);
            }
            return Usage(null);
        }

        private static int Usage(string problem)
        {
            if (problem != null) Console.Error.WriteLine(problem);
            Console.Error.WriteLine("usage: BackupMail.OAuthDoubles --make-ca <dir>");
            Console.Error.WriteLine("       BackupMail.OAuthDoubles serve --state <dir> [--ca <dir>] [--ignore-stdin]");
            Console.Error.WriteLine("         (the CA comes from --ca, else BACKUPMAIL_TEST_CA, else <state>/ca)");
            return 2;
        }

        private static int Serve(string stateDir, string caDir, bool ignoreStdin)
        {
            Directory.CreateDirectory(stateDir);
            caDir ??= Environment.GetEnvironmentVariable(TestCertificateAuthority.DirectoryVariable);
            caDir ??= Path.Combine(stateDir, "ca");
            using (var stop = new ManualResetEventSlim())
            using (var host = DoublesHost.Start(caDir))
            using (PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Set(); }))
            using (PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Set(); }))
            {
                var endpoints = Path.Combine(stateDir, "endpoints.json");
                var temporary = endpoints + ".tmp";
                File.WriteAllText(temporary, host.EndpointsJson().ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
                File.Move(temporary, endpoints, true);
                Console.WriteLine($"Listening: identity {host.AuthorityHost}, Graph {host.GraphEndpoint}, SMTP {host.SmtpHost}:{host.SmtpPort}, control {host.ControlUri}");
                if (!ignoreStdin)
                {
                    Task.Run(() =>
                    {
                        try { while (Console.In.Read() >= 0) { } } catch (IOException) { }
                        stop.Set();
                    });
                }
                stop.Wait();
                File.Delete(endpoints);
            }
            return 0;
        }
    }
}
