#nullable enable
using System;
using BackupMail.IO;
using BackupMail.Jobs;

namespace BackupMail.History
{
    /// <summary>
    /// Reads the lines <see cref="RunLineFormat"/> writes, without regular expressions or JSON: the CRC is checked, the
    /// fields are found by their tabs and parsed in place, and repeated strings come from a <see cref="Utf8StringCache"/>.
    /// Anything that is not a complete, intact line of a known version is rejected (false), never an exception. One
    /// instance per reader: it is not thread-safe.
    /// </summary>
    internal sealed class RunLineParser
    {
        private const long MaxOffsetMinutes = 14 * 60;

        private readonly int[] _starts = new int[RunLineFormat.RecordFields];
        private readonly int[] _ends = new int[RunLineFormat.RecordFields];
        private Utf8StringCache? _strings; // made when the first text is read
        private byte[] _unescaped = new byte[0];

        /// <summary>
        /// Parses a run line into <paramref name="record"/>. False for a line that is damaged, of another kind or version,
        /// or rejected by <paramref name="filter"/> (which is asked before the line is parsed in full).
        /// </summary>
        internal bool TryParse(LineSlice line, RunLineFilter? filter, out RunRecord? record)
        {
            record = null;
            var b = line.Buffer;
            var start = line.Offset;
            var end = TrimEnd(line);
            if (end - start < 2 || b[start] != RunLineFormat.RecordTag || b[start + 1] != (byte)'\t') return false;

            // The sequence before the CRC: skipping old runs costs no checksum (a damaged line is skipped either way).
            var sequenceEnd = IndexOfTab(b, start + 2, end);
            if (!TryParseLong(b, start + 2, sequenceEnd, out var sequence) || sequence <= 0) return false;
            if (filter != null && sequence <= filter.AfterSequence) return false;

            if (!TryCheck(b, start, end, out var payloadEnd) || !TrySplit(b, start, payloadEnd)) return false;

            if (!TryParseLong(b, _starts[RunLineFormat.Status], _ends[RunLineFormat.Status], out var status) ||
                !Enum.IsDefined(typeof(BackupStatus), status))
            {
                return false;
            }

            if (filter != null && !filter.Accepts((BackupStatus)status)) return false;
            if (!TryText(b, RunLineFormat.BackupName, out var name) || string.IsNullOrEmpty(name)) return false;
            if (filter?.Name != null && !filter.Name(name!)) return false;

            var parsed = new RunRecord { Sequence = sequence, BackupName = name!, Status = (BackupStatus)status };
            if (!TryTime(b, RunLineFormat.RecordedAt, out var recordedAt) || !recordedAt.HasValue) return false;
            parsed.RecordedAt = recordedAt.Value;

            if (!TryNumber(b, RunLineFormat.ExitCode, out var exitCode) || exitCode < int.MinValue || exitCode > int.MaxValue) return false;
            parsed.ExitCode = (int?)exitCode;
            if (!TryParseLong(b, _starts[RunLineFormat.Tool], _ends[RunLineFormat.Tool], out var tool) || !Enum.IsDefined(typeof(BackupTool), tool)) return false;
            parsed.Tool = (BackupTool)tool;
            if (!TryTime(b, RunLineFormat.StartTime, out var startTime) || !TryTime(b, RunLineFormat.EndTime, out var endTime)) return false;
            parsed.StartTime = startTime;
            parsed.EndTime = endTime;
            if (!TryNumber(b, RunLineFormat.DirsCopied, out var dirs) || !TryNumber(b, RunLineFormat.FilesCopied, out var files) ||
                !TryNumber(b, RunLineFormat.FilesFailed, out var failed) || !TryNumber(b, RunLineFormat.BytesCopied, out var bytes))
            {
                return false;
            }

            parsed.DirsCopied = dirs;
            parsed.FilesCopied = files;
            parsed.FilesFailed = failed;
            parsed.BytesCopied = bytes;
            if (!TryText(b, RunLineFormat.Source, out var source) || !TryText(b, RunLineFormat.Destination, out var destination) ||
                !TryText(b, RunLineFormat.ComputerName, out var computer) || !TryText(b, RunLineFormat.UserName, out var user))
            {
                return false;
            }

            parsed.Source = source;
            parsed.Destination = destination;
            parsed.ComputerName = computer;
            parsed.UserName = user;
            if (!TryNumber(b, RunLineFormat.Action, out var action) || (action.HasValue && !Enum.IsDefined(typeof(DeliveryAction), action.Value))) return false;
            parsed.Action = (DeliveryAction?)action;
            if (!TryText(b, RunLineFormat.MessageId, out var messageId) || !TryText(b, RunLineFormat.ErrorMessage, out var error)) return false;
            parsed.MessageId = messageId;
            parsed.ErrorMessage = error;
            record = parsed;
            return true;
        }

        /// <summary>
        /// The sequence an intact line carries: a run's own, or a header's highest trimmed one; also when the record
        /// was recorded (null for a header). False for anything else.
        /// </summary>
        internal bool TryReadSequence(LineSlice line, out long sequence, out DateTimeOffset? recordedAt)
        {
            sequence = 0;
            recordedAt = null;
            var b = line.Buffer;
            var start = line.Offset;
            var end = TrimEnd(line);
            if (end - start < 2 || b[start + 1] != (byte)'\t' || !TryCheck(b, start, end, out var payloadEnd)) return false;
            var sequenceEnd = IndexOfTab(b, start + 2, payloadEnd);
            if (!TryParseLong(b, start + 2, sequenceEnd, out sequence) || sequence < 0) return false;
            if (b[start] == RunLineFormat.HeaderTag) return true;
            if (b[start] != RunLineFormat.RecordTag || sequence == 0 || !TrySplit(b, start, payloadEnd)) return false;
            return TryTime(b, RunLineFormat.RecordedAt, out recordedAt) && recordedAt.HasValue;
        }

        // The line's end without a carriage return an editor may have added (the CRC then fails anyway).
        private static int TrimEnd(LineSlice line)
        {
            var end = line.Offset + line.Length;
            if (line.Length > RunLineFormat.MaxLineLength) return line.Offset; // rejected as too short
            return end > line.Offset && line.Buffer[end - 1] == (byte)'\r' ? end - 1 : end;
        }

        // "<payload>\t<8 hex digits>": the CRC-32 of the payload's bytes must match.
        private static bool TryCheck(byte[] b, int start, int end, out int payloadEnd)
        {
            payloadEnd = end - RunLineFormat.CrcLength - 1;
            if (payloadEnd <= start || b[payloadEnd] != (byte)'\t') return false;
            uint expected = 0;
            for (var i = payloadEnd + 1; i < end; i++)
            {
                var c = b[i];
                int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
                if (digit < 0) return false;
                expected = (expected << 4) | (uint)digit;
            }

            return Crc32.Compute(b, start, payloadEnd - start) == expected;
        }

        // The fields' bounds; a line with fewer fields than its version has is rejected, extra ones are ignored.
        private bool TrySplit(byte[] b, int start, int end)
        {
            var fieldStart = start;
            for (var field = 0; field < RunLineFormat.RecordFields; field++)
            {
                var fieldEnd = IndexOfTab(b, fieldStart, end);
                if (fieldEnd == end && field < RunLineFormat.RecordFields - 1) return false;
                _starts[field] = fieldStart;
                _ends[field] = fieldEnd;
                fieldStart = fieldEnd + 1;
            }

            return true;
        }

        private static int IndexOfTab(byte[] b, int start, int end)
        {
            var index = Array.IndexOf(b, (byte)'\t', start, end - start);
            return index < 0 ? end : index;
        }

        private bool TryNumber(byte[] b, int field, out long? value)
        {
            value = null;
            if (_starts[field] == _ends[field]) return true;
            if (!TryParseLong(b, _starts[field], _ends[field], out var parsed)) return false;
            value = parsed;
            return true;
        }

        // "<UTC ticks>[+|-<offset minutes>]"; empty is null.
        private bool TryTime(byte[] b, int field, out DateTimeOffset? value)
        {
            value = null;
            int start = _starts[field], end = _ends[field];
            if (start == end) return true;
            var sign = start + 1;
            while (sign < end && b[sign] != (byte)'+' && b[sign] != (byte)'-') sign++;
            if (!TryParseLong(b, start, sign, out var utcTicks) || utcTicks < 0) return false;
            long minutes = 0;
            if (sign < end)
            {
                var offsetStart = b[sign] == (byte)'+' ? sign + 1 : sign;
                if (!TryParseLong(b, offsetStart, end, out minutes) || minutes == 0 || minutes < -MaxOffsetMinutes || minutes > MaxOffsetMinutes) return false;
            }

            var offset = TimeSpan.FromMinutes(minutes);
            var localTicks = utcTicks + offset.Ticks;
            if (utcTicks > DateTime.MaxValue.Ticks || localTicks < 0 || localTicks > DateTime.MaxValue.Ticks) return false;
            value = new DateTimeOffset(localTicks, offset);
            return true;
        }

        // Unescapes "\\", "\t", "\n", "\r"; "\e" alone is the empty string, an empty field null.
        private bool TryText(byte[] b, int field, out string? value)
        {
            value = null;
            int start = _starts[field], end = _ends[field];
            if (start == end) return true;
            var backslash = Array.IndexOf(b, (byte)'\\', start, end - start);
            if (backslash < 0)
            {
                value = (_strings ??= new Utf8StringCache()).Get(b, start, end - start);
                return true;
            }

            if (end - start == 2 && b[start + 1] == (byte)'e')
            {
                value = string.Empty;
                return true;
            }

            if (_unescaped.Length < end - start) _unescaped = new byte[Math.Max(end - start, 2 * _unescaped.Length)];
            var length = backslash - start;
            Buffer.BlockCopy(b, start, _unescaped, 0, length);
            for (var i = backslash; i < end; i++)
            {
                var c = b[i];
                if (c == (byte)'\\')
                {
                    if (++i == end) return false;
                    switch (b[i])
                    {
                        case (byte)'\\': c = (byte)'\\'; break;
                        case (byte)'t': c = (byte)'\t'; break;
                        case (byte)'n': c = (byte)'\n'; break;
                        case (byte)'r': c = (byte)'\r'; break;
                        default: return false;
                    }
                }

                _unescaped[length++] = c;
            }

            value = (_strings ??= new Utf8StringCache()).Get(_unescaped, 0, length);
            return true;
        }

        // An optional minus and up to 19 decimal digits, nothing else; false on overflow.
        private static bool TryParseLong(byte[] b, int start, int end, out long value)
        {
            value = 0;
            var negative = start < end && b[start] == (byte)'-';
            if (negative) start++;
            if (start == end || end - start > 19) return false;
            for (var i = start; i < end; i++)
            {
                var digit = b[i] - '0';
                if (digit < 0 || digit > 9 || value > (long.MaxValue - digit) / 10) return false;
                value = value * 10 + digit;
            }

            if (negative) value = -value;
            return true;
        }
    }
}
