using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using BackupMail.Delivery;
using BackupMail.Jobs;
using BackupMail.Logs;
using BackupMail.Templates;
using BenchmarkDotNet.Attributes;

namespace BackupMail.Benchmarks
{
    /// <summary>Template rendering and message composition: the per-notification work in memory.</summary>
    [MemoryDiagnoser]
    public class RenderingBenchmarks
    {
        private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");
        private BackupRun _run;
        private MailTemplate _text;
        private MailTemplate _html;
        private IReadOnlyDictionary<string, string> _values;
        private RenderedMessage _rendered;
        private readonly string[] _to = { "admin@example.com", "oncall@example.com" };

        [GlobalSetup]
        public void Setup()
        {
            _run = new BackupRun
            {
                BackupName = "Documents", Status = BackupStatus.Warning, ExitCode = 5, Tool = BackupTool.Robocopy,
                StartTime = new DateTimeOffset(2026, 11, 27, 3, 0, 0, TimeSpan.Zero), EndTime = new DateTimeOffset(2026, 11, 27, 3, 4, 12, TimeSpan.Zero),
                Source = @"C:\Users\backup\Documents", Destination = @"\\nas\backup\Documents",
                DirsCopied = 12, FilesCopied = 913, FilesFailed = 1, BytesCopied = 1_292_785_090, ErrorMessage = "ERROR 5 (0x00000005) Access is denied.",
            };
            _text = DefaultTemplates.Get(English, BodyFormat.Text);
            _html = DefaultTemplates.Get(English, BodyFormat.Html);
            _values = PlaceholderValues.From(_run, English);
            _rendered = TemplateRenderer.Render(_text, _values);
        }

        [Benchmark]
        public IReadOnlyDictionary<string, string> PlaceholderValuesFromRun() => PlaceholderValues.From(_run, English);

        [Benchmark]
        public RenderedMessage RenderTextTemplate() => TemplateRenderer.Render(_text, _values);

        [Benchmark]
        public RenderedMessage RenderHtmlTemplate() => TemplateRenderer.Render(_html, _values);

        [Benchmark]
        public long ComposeAndSerializeMessage()
        {
            var message = MessageComposer.Compose("Backup <backup@example.com>", _to, _rendered);
            using (var counter = new CountingStream())
            {
                message.WriteTo(counter);
                return counter.Length;
            }
        }
    }

    /// <summary>Reading robocopy's summary from the end: the time must not grow with the log's size.</summary>
    [MemoryDiagnoser]
    public class RobocopySummaryBenchmarks
    {
        private string _path;

        [Params(10L * 1024 * 1024, 1024L * 1024 * 1024, 10L * 1024 * 1024 * 1024)]
        public long LogBytes { get; set; }

        [GlobalSetup]
        public void Setup() => _path = BenchmarkFiles.SparseRobocopyLog(LogBytes);

        [GlobalCleanup]
        public void Cleanup() => File.Delete(_path);

        [Benchmark]
        public long? ReadSummary() => RobocopyLogReader.TryReadSummary(_path)?.Files?.Copied;
    }

    /// <summary>Counts bytes without keeping them.</summary>
    internal sealed class CountingStream : Stream
    {
        private long _length;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => _length += count;
    }
}
