using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using BackupMail.Digest;
using BackupMail.Jobs;
using BackupMail.Tests.Support;
using Xunit;

namespace BackupMail.Tests.Digest
{
    /// <summary>Each run in exactly one digest: over several calls, concurrent calls, and calls killed between their steps.</summary>
    public sealed class DigestExactlyOnceTests : IDisposable
    {
        private readonly DigestTestBed _bed = new DigestTestBed();
        private readonly TestSmtpServer _server = TestSmtpServer.Start();

        public DigestExactlyOnceTests() => _bed.Bed.PointAt(_server);

        public void Dispose()
        {
            _server.Dispose();
            _bed.Dispose();
        }

        private static int RunCountOf(MimeKit.MimeMessage message) =>
            int.Parse(Regex.Match(message.Subject, @"runs: (\d+)").Groups[1].Value);

        [Fact]
        public void A_second_call_with_nothing_new_sends_nothing_and_returns_nothing()
        {
            _bed.Record("Docs");
            _bed.Record("Photos", BackupStatus.Failure, "disk full");

            Assert.Single(_bed.SendTo());
            var second = _bed.SendTo();

            Assert.Empty(second);
            Assert.Single(_server.Messages);
            Assert.Contains(_bed.Output.Verbose, v => v.StartsWith("No runs since the last digest: nothing was sent."));
        }

        [Fact]
        public void Runs_recorded_after_a_digest_are_in_the_next_one_and_only_there()
        {
            _bed.Record("Docs");
            _bed.Record("Docs");
            Assert.Single(_bed.SendTo());
            _bed.Now = _bed.Now.AddDays(1);
            _bed.Record("Docs", BackupStatus.Failure, "third run failed");
            Assert.Single(_bed.SendTo());

            Assert.Equal(2, _server.Messages.Count);
            Assert.Equal(2, RunCountOf(_server.Messages[0].Message));
            Assert.Equal(1, RunCountOf(_server.Messages[1].Message));
            Assert.DoesNotContain("third run failed", DigestTestBed.Text(_server.Messages[0].Message));
            Assert.Contains("third run failed", DigestTestBed.Text(_server.Messages[1].Message));
            // The second digest's period starts at the first digest; its row remembers the last success.
            Assert.Matches(@"\nDocs\s+Failure\s+1\s+1\s+\d", DigestTestBed.Text(_server.Messages[1].Message));
        }

        [Fact]
        public void Concurrent_digests_list_every_run_once()
        {
            for (var i = 0; i < 40; i++)
            {
                _bed.Record("Job" + (i % 5));
            }

            var writer = Task.Run(() =>
            {
                for (var i = 0; i < 40; i++)
                {
                    _bed.Record("Job" + (i % 5));
                }
            });
            var digests = Enumerable.Range(0, 4).Select(_ => Task.Run(() => _bed.SendTo())).ToArray();
            Task.WaitAll(digests.Concat(new[] { writer }).ToArray());
            _bed.SendTo();

            Assert.Equal(80, _server.Messages.Sum(m => RunCountOf(m.Message)));
            Assert.Equal(_server.Messages.Count, _server.Messages.Select(m => m.Message.MessageId).Distinct().Count());
        }

        [Fact]
        public void A_call_killed_after_claiming_and_before_queueing_is_built_again_with_the_same_message_id()
        {
            _bed.Record("Docs");
            _bed.Record("Docs", BackupStatus.Failure, "broken");
            _bed.Fault = step =>
            {
                if (step == DigestStep.Claimed) throw new SimulatedKill();
            };
            Assert.Throws<SimulatedKill>(() => _bed.SendTo());
            Assert.Empty(_server.Messages);
            var claimed = Regex.Match(File.ReadAllText(_bed.NewService(_bed.Bed.NewDispatcher()).StatePath), "\"messageId\": \"([^\"]+)\"").Groups[1].Value;
            Assert.StartsWith("digest.", claimed);

            _bed.Fault = null;
            _bed.Record("Docs");
            var outcomes = _bed.SendTo();

            Assert.Equal(2, outcomes.Count);
            Assert.Equal(2, _server.Messages.Count);
            Assert.Equal(claimed, _server.Messages[0].Message.MessageId);
            Assert.Equal(2, RunCountOf(_server.Messages[0].Message));
            Assert.Equal(1, RunCountOf(_server.Messages[1].Message));
            Assert.Contains(_bed.Output.Verbose, v => v.Contains("built again from the same 2 run(s)"));
            Assert.Empty(_bed.SendTo());
        }

        [Fact]
        public void A_call_killed_after_queueing_and_before_the_watermark_is_adopted_not_sent_twice()
        {
            _bed.Record("Docs");
            _bed.Record("Photos", BackupStatus.Failure, "broken");
            _bed.Bed.PointAt("127.0.0.1", LoopbackPort.Unused());
            _bed.Fault = step =>
            {
                if (step == DigestStep.Queued) throw new SimulatedKill();
            };
            Assert.Throws<SimulatedKill>(() => _bed.SendTo());
            var queued = Assert.Single(_bed.Bed.Outbox.List());
            Assert.Equal("Digest", queued.BackupName);

            _bed.Fault = null;
            _bed.Bed.PointAt(_server);
            _bed.Record("Docs");
            var outcomes = _bed.SendTo();

            Assert.Equal(2, outcomes.Count);
            var adopted = outcomes[0].Result;
            Assert.Equal(DeliveryAction.Queued, adopted.Action);
            Assert.Equal(queued.Id, adopted.QueueId);
            Assert.Equal(queued.MessageId, adopted.MessageId);
            Assert.Contains(_bed.Output.Verbose, v => v.Contains("waits in the outbox as " + queued.Id));
            // Only the new run went out now; the adopted digest goes with the queue.
            var fresh = Assert.Single(_server.Messages).Message;
            Assert.Equal(1, RunCountOf(fresh));
            _bed.Bed.Now = _bed.Bed.Now.AddHours(1);
            _bed.Bed.SendDue(TimeSpan.FromSeconds(30));
            Assert.Equal(2, _server.Messages.Count);
            Assert.Equal(queued.MessageId, _server.Messages[1].Message.MessageId);
            Assert.Equal(2, RunCountOf(_server.Messages[1].Message));
            Assert.Empty(_bed.SendTo());
        }

        [Fact]
        public void A_call_killed_after_writing_ahead_whose_digest_a_queue_flush_delivered_is_not_built_again()
        {
            _bed.Record("Docs");
            _bed.Record("Docs", BackupStatus.Failure, "broken");
            _bed.Fault = step =>
            {
                if (step == DigestStep.WrittenAhead) throw new SimulatedKill();
            };
            Assert.Throws<SimulatedKill>(() => _bed.SendTo());
            Assert.Empty(_server.Messages);

            // Before the next digest, a notification's queue flush delivers what the killed call left in the outbox.
            _bed.Fault = null;
            _bed.Bed.Now = _bed.Bed.Now.AddHours(1);
            _bed.Bed.SendDue(TimeSpan.FromSeconds(30));
            var delivered = Assert.Single(_server.Messages).Message;
            Assert.Equal(2, RunCountOf(delivered));

            _bed.Record("Docs");
            var outcomes = _bed.SendTo();

            var fresh = Assert.Single(outcomes).Result;
            Assert.Equal(DeliveryAction.Sent, fresh.Action);
            Assert.Equal(2, _server.Messages.Count);
            Assert.Equal(1, RunCountOf(_server.Messages[1].Message));
            Assert.Contains(_bed.Output.Verbose, v => v.Contains(delivered.MessageId) && v.Contains("was delivered"));
            Assert.Empty(_bed.SendTo());
        }

        [Fact]
        public void A_digest_the_server_cannot_take_now_is_queued_and_its_runs_count_as_digested()
        {
            _bed.Record("Docs");
            _bed.Bed.PointAt("127.0.0.1", LoopbackPort.Unused());

            var result = Assert.Single(_bed.SendTo()).Result;

            Assert.Equal(DeliveryAction.Queued, result.Action);
            Assert.NotNull(result.QueueId);
            _bed.Bed.PointAt(_server);
            Assert.Empty(_bed.SendTo());
        }

        [Fact]
        public void A_digest_that_fails_before_anything_is_kept_leaves_its_runs_for_the_next_one()
        {
            _bed.Record("Docs");

            var failed = Assert.Single(_bed.Send(new DigestRequest { To = new[] { "admin@example.com" }, Account = "Missing" }));

            Assert.Null(failed.Result);
            Assert.Equal(ErrorIds.AccountNotFound, Assert.IsType<BackupMailException>(failed.Error ?? throw new InvalidOperationException()).ErrorId);
            Assert.Single(_bed.SendTo());
            Assert.Equal(1, RunCountOf(Assert.Single(_server.Messages).Message));
        }

        [Fact]
        public void Runs_before_since_are_left_out_and_do_not_come_back()
        {
            _bed.Record("Docs", end: _bed.Now.AddDays(-3));
            _bed.Record("Docs", BackupStatus.Failure, "old failure", end: _bed.Now.AddDays(-2));
            _bed.Record("Docs", end: _bed.Now.AddHours(-1));

            Assert.Single(_bed.SendTo(since: _bed.Now.AddDays(-1)));
            var text = DigestTestBed.Text(Assert.Single(_server.Messages).Message);

            Assert.DoesNotContain("old failure", text);
            Assert.Equal(1, RunCountOf(_server.Messages[0].Message));
            Assert.Empty(_bed.SendTo());
            Assert.Contains(_bed.Output.Verbose, v => v.StartsWith("2 run(s) before "));
        }

        private sealed class SimulatedKill : Exception
        {
        }
    }
}
