using System;
using System.IO;
using System.Linq;
using System.Text;
using BackupMail.Outbox;
using BackupMail.Tests.Support;
using Xunit;

namespace BackupMail.Tests.Outbox
{
    /// <summary>
    /// Issue 11 §1: an outbox item that can never be sent, whatever is wrong with it, moves to outbox/failed with the
    /// error that failed it; the flush goes on, and nothing but the engine's own exceptions leaves it.
    /// </summary>
    public sealed class DamagedItemTests : IDisposable
    {
        private readonly OutboxTestBed _bed = new OutboxTestBed();

        public void Dispose() => _bed.Dispose();

        public static TheoryData<string> Damages => new TheoryData<string>
        {
            "message without From",
            "message file empty",
            "message file missing",
            "recipient that does not parse",
            "metadata not JSON",
            "metadata null",
            "metadata of another id",
            "message file a FIFO",
            "message file a link to /dev/zero",
            "metadata a FIFO",
            "metadata a link to /dev/zero",
        };

        [Theory]
        [MemberData(nameof(Damages))]
        public void A_damaged_item_moves_to_the_failed_folder_and_the_next_one_is_sent(string damage)
        {
            _bed.PointAt("127.0.0.1", LoopbackPort.Unused());
            var damagedId = _bed.SendThroughDispatcher(OutboxTestBed.Compose("damaged")).QueueId;
            _bed.Now += TimeSpan.FromSeconds(1); // oldest first: the damaged one comes first
            var goodId = _bed.SendThroughDispatcher(OutboxTestBed.Compose("good")).QueueId;
            Damage(damagedId, damage);
            using var server = TestSmtpServer.Start();
            _bed.PointAt(server);
            _bed.Now += TimeSpan.FromHours(1);

            var results = _bed.SendDue(TimeSpan.FromMinutes(1));

            Assert.Equal(new[] { (damagedId, DeliveryAction.Failed), (goodId, DeliveryAction.Sent) }, results.Select(r => (r.QueueId, r.Action)));
            Assert.Equal("QueueItemDamaged", results[0].ErrorId);
            Assert.Equal("good", Assert.Single(server.Messages).Message.Subject);
            Assert.Empty(_bed.Outbox.List());
            var failed = Assert.Single(_bed.Outbox.ListFailed());
            Assert.Equal(damagedId, failed.Id);
            Assert.Equal("QueueItemDamaged", failed.LastErrorId);
            Assert.Contains(_bed.Output.Warnings, w => w.Contains(damagedId) && w.Contains("Clear-BackupMailQueue -Failed"));
            Assert.True(_bed.Outbox.Remove(damagedId, failed: true));
            Assert.Empty(Directory.GetFiles(_bed.Outbox.FailedDirectoryPath));
        }

        [Fact]
        public void The_failed_item_keeps_the_error_that_failed_it_not_an_older_transient_one()
        {
            _bed.PointAt("127.0.0.1", LoopbackPort.Unused());
            var id = _bed.SendThroughDispatcher(OutboxTestBed.Compose("refused later")).QueueId;
            Assert.Equal("SmtpConnectFailed", _bed.Outbox.List().Single().LastErrorId);
            using var server = TestSmtpServer.Start(new TestSmtpServerOptions().RejectRecipient("admin@example.com"));
            _bed.PointAt(server);

            var result = _bed.SendQueued(id);

            Assert.Equal(DeliveryAction.Failed, result.Action);
            var failed = Assert.Single(_bed.Outbox.ListFailed());
            Assert.Equal("SmtpRecipientRejected", failed.LastErrorId);
            Assert.Contains("admin@example.com", failed.LastError);
        }

        private static void MakeFifo(string path)
        {
            using var mkfifo = System.Diagnostics.Process.Start("mkfifo", path);
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        private void Damage(string id, string damage)
        {
            var eml = Path.Combine(_bed.Outbox.DirectoryPath, id + ".eml");
            var json = Path.Combine(_bed.Outbox.DirectoryPath, id + ".json");
            switch (damage)
            {
                case "message without From":
                    File.WriteAllLines(eml, File.ReadAllLines(eml).Where(line => !line.StartsWith("From:", StringComparison.Ordinal)));
                    break;
                case "message file empty":
                    File.WriteAllBytes(eml, Array.Empty<byte>());
                    break;
                case "message file missing":
                    File.Delete(eml);
                    break;
                case "recipient that does not parse":
                    File.WriteAllText(json, File.ReadAllText(json).Replace("\"admin@example.com\"", "\"not an address <<<\""));
                    break;
                case "metadata not JSON":
                    File.WriteAllText(json, "{ \"id\": \"trunc");
                    break;
                case "metadata null":
                    File.WriteAllText(json, "null");
                    break;
                case "message file a FIFO":
                    File.Delete(eml);
                    MakeFifo(eml);
                    break;
                case "message file a link to /dev/zero":
                    File.Delete(eml);
                    File.CreateSymbolicLink(eml, "/dev/zero");
                    break;
                case "metadata a FIFO":
                    File.Delete(json);
                    MakeFifo(json);
                    break;
                case "metadata a link to /dev/zero":
                    File.Delete(json);
                    File.CreateSymbolicLink(json, "/dev/zero");
                    break;
                case "metadata of another id":
                    File.WriteAllText(json, File.ReadAllText(json).Replace(id, "20261127T030000000-00000000"));
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(damage));
            }
        }
    }
}
