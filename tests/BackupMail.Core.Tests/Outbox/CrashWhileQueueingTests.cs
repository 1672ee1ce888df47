using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using BackupMail.Outbox;
using BackupMail.Tests.Support;
using MimeKit;
using Xunit;
using Xunit.Abstractions;

namespace BackupMail.Tests.Outbox
{
    /// <summary>
    /// Issue 4 §1/§3: a process killed while writing an outbox item never leaves a half-written item that is read
    /// as valid. The writer is the pinned PowerShell (the way the module runs), loading BackupMail.Core.dll from
    /// this test's output folder and queueing large messages in a loop until it is killed at a random moment.
    /// </summary>
    public sealed class CrashWhileQueueingTests : IDisposable
    {
        private const int Rounds = 6;
        private const int BodyKilobytes = 512;
        private const string EndMarker = "END-OF-BODY";
        private static readonly TimeSpan StartBound = TimeSpan.FromMinutes(3);

        private const string WriterScript = @"
param([string] $Bin, [string] $Directory, [string] $Marker, [int] $BodyKilobytes)
$ErrorActionPreference = 'Stop'
Add-Type -Path (Join-Path $Bin 'MimeKit.dll')
Add-Type -Path (Join-Path $Bin 'BackupMail.Core.dll')
$store = [BackupMail.Outbox.OutboxStore]::new($Directory)
$builder = [System.Text.StringBuilder]::new()
$n = 0
while ($builder.Length -lt $BodyKilobytes * 1024) {
    $null = $builder.AppendLine(('Sicherung läuft — Datei {0:D6} kopiert, äöü ß €' -f $n))
    $n++
}
$null = $builder.Append('" + EndMarker + @"')
$rendered = [BackupMail.Templates.RenderedMessage]::new('Crash test', $builder.ToString(), [BackupMail.Templates.BodyFormat]::Text)
$message = [BackupMail.Delivery.MessageComposer]::Compose('backup@example.com', [string[]] @('admin@example.com'), $rendered)
$i = 0
while ($true) {
    $message.MessageId = [MimeKit.Utils.MimeUtils]::GenerateMessageId('example.com')
    $item = [BackupMail.Outbox.OutboxItem]::new()
    $item.Account = 'Default'
    $item.To = [string[]] @('admin@example.com')
    $item.BackupName = ""crash-$i""
    $now = [DateTimeOffset]::UtcNow
    $item.NextAttempt = $now
    $null = $store.Enqueue($message, $item, $now)
    if ($i -eq 0) { New-Item -ItemType File -Path $Marker | Out-Null }
    $i++
}
";

        private readonly OutboxTestBed _bed = new OutboxTestBed();
        private readonly ITestOutputHelper _log;

        public CrashWhileQueueingTests(ITestOutputHelper log) => _log = log;

        public void Dispose() => _bed.Dispose();

        [Fact]
        public void A_PowerShell_process_killed_while_queueing_leaves_only_valid_items_and_every_one_can_be_sent()
        {
            var script = Path.Combine(_bed.ConfigDirectory, "..", "writer.ps1");
            File.WriteAllText(script, WriterScript);
            var bin = Path.GetDirectoryName(typeof(OutboxStore).Assembly.Location);
            var random = new Random();
            var debris = 0;

            for (var round = 0; round < Rounds; round++)
            {
                var marker = Path.Combine(_bed.ConfigDirectory, "..", "writing-" + round);
                RunAndKill(script, bin, marker, TimeSpan.FromMilliseconds(random.Next(0, 150)));

                // What a kill in the middle of a write leaves: a temporary file, or a message without its metadata.
                var temporary = Directory.GetFiles(_bed.Outbox.DirectoryPath, "*.tmp").Length;
                var orphans = Directory.GetFiles(_bed.Outbox.DirectoryPath, "*.eml").Count(eml => !File.Exists(Path.ChangeExtension(eml, ".json")));
                _log.WriteLine($"round {round}: {temporary} temporary file(s), {orphans} message(s) without metadata so far");
                debris = Math.Max(debris, temporary + orphans);
            }

            // Otherwise no kill hit a write, and this test proved nothing.
            Assert.True(debris > 0, "no kill interrupted a write; the test did not exercise a crash");

            var items = _bed.Outbox.List();
            Assert.NotEmpty(items);
            _log.WriteLine($"{items.Count} valid item(s) listed");
            foreach (var item in items)
            {
                using (var lease = _bed.Outbox.TryLease(item.Id))
                {
                    Assert.NotNull(lease);
                    var message = lease.LoadMessage();
                    Assert.Equal(item.MessageId, message.MessageId);
                    var text = Assert.IsType<TextPart>(message.Body).Text;
                    Assert.EndsWith(EndMarker, text);
                    Assert.Contains("äöü ß €", text);
                }
            }

            // Make the leftovers look an hour old, as they would be by the next run: SendDue clears them.
            foreach (var leftover in Directory.GetFiles(_bed.Outbox.DirectoryPath).Where(p => p.EndsWith(".tmp", StringComparison.Ordinal) || (p.EndsWith(".eml", StringComparison.Ordinal) && !File.Exists(Path.ChangeExtension(p, ".json")))))
            {
                File.SetLastWriteTimeUtc(leftover, DateTime.UtcNow.AddHours(-2));
            }

            using var server = TestSmtpServer.Start();
            _bed.PointAt(server);
            _bed.Now = DateTimeOffset.UtcNow.AddMinutes(1); // the child queued them due at its own "now"
            var results = _bed.SendDue(TimeSpan.FromMinutes(5));

            Assert.Equal(items.Count, results.Count);
            Assert.All(results, r => Assert.Equal(DeliveryAction.Sent, r.Action));
            Assert.Equal(
                items.Select(i => i.MessageId).OrderBy(x => x, StringComparer.Ordinal),
                server.Messages.Select(m => m.Message.MessageId).OrderBy(x => x, StringComparer.Ordinal));
            Assert.All(server.Messages, m => Assert.EndsWith(EndMarker, ((TextPart)m.Message.Body).Text));
            Assert.Empty(_bed.Outbox.List());
            Assert.Empty(_bed.ItemFiles()); // nothing left behind
        }

        private void RunAndKill(string script, string bin, string marker, TimeSpan killAfter)
        {
            using (var child = ChildPwsh.Start(script, "-Bin", bin, "-Directory", _bed.Outbox.DirectoryPath, "-Marker", marker, "-BodyKilobytes", BodyKilobytes.ToString()))
            {
                var stderr = child.StandardError.ReadToEndAsync();
                var stdout = child.StandardOutput.ReadToEndAsync();
                try
                {
                    ChildPwsh.WaitForFile(child, marker, StartBound, () => stderr.Result + stdout.Result);

                    Thread.Sleep(killAfter);
                }
                finally
                {
                    if (!child.HasExited)
                    {
                        child.Kill(entireProcessTree: true);
                    }

                    Assert.True(child.WaitForExit((int)TimeSpan.FromMinutes(1).TotalMilliseconds), "pwsh did not end after Kill");
                }
            }
        }
    }
}
