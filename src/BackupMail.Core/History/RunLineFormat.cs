#nullable enable
using System;
using System.Globalization;
using System.Text;
using BackupMail.IO;

namespace BackupMail.History
{
    /// <summary>
    /// The lines of <c>runs.log</c> (see <see cref="RunJournal"/> for the format), written here and read by
    /// <see cref="RunLineParser"/>.
    /// </summary>
    internal static class RunLineFormat
    {
        /// <summary>The first field of a version-1 run line.</summary>
        internal const byte RecordTag = (byte)'1';

        /// <summary>The first field of a header line (the highest sequence a trim dropped).</summary>
        internal const byte HeaderTag = (byte)'H';

        /// <summary>Fields of a version-1 run line before its CRC, the tag included. Later fields are ignored.</summary>
        internal const int RecordFields = 20;

        /// <summary>A longer line is not a line this version wrote: skipped without being held in memory.</summary>
        internal const int MaxLineLength = 64 * 1024;

        /// <summary>Length of the CRC field: eight lowercase hexadecimal digits.</summary>
        internal const int CrcLength = 8;

        // Field indexes of a version-1 run line.
        internal const int Sequence = 1, RecordedAt = 2, BackupName = 3, Status = 4, ExitCode = 5, Tool = 6, StartTime = 7,
            EndTime = 8, DirsCopied = 9, FilesCopied = 10, FilesFailed = 11, BytesCopied = 12, Source = 13, Destination = 14,
            ComputerName = 15, UserName = 16, Action = 17, MessageId = 18, ErrorMessage = 19;

        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

        /// <summary>The line of <paramref name="record"/>, its CRC and line feed included.</summary>
        internal static byte[] Encode(RunRecord record)
        {
            var text = new StringBuilder(256);
            text.Append((char)RecordTag);
            Field(text).Append(record.Sequence.ToString(CultureInfo.InvariantCulture));
            Time(Field(text), record.RecordedAt);
            Text(Field(text), record.BackupName);
            Field(text).Append(((long)record.Status).ToString(CultureInfo.InvariantCulture));
            Number(Field(text), record.ExitCode);
            Field(text).Append(((long)record.Tool).ToString(CultureInfo.InvariantCulture));
            Time(Field(text), record.StartTime);
            Time(Field(text), record.EndTime);
            Number(Field(text), record.DirsCopied);
            Number(Field(text), record.FilesCopied);
            Number(Field(text), record.FilesFailed);
            Number(Field(text), record.BytesCopied);
            Text(Field(text), record.Source);
            Text(Field(text), record.Destination);
            Text(Field(text), record.ComputerName);
            Text(Field(text), record.UserName);
            Number(Field(text), (long?)record.Action);
            Text(Field(text), record.MessageId);
            Text(Field(text), record.ErrorMessage);
            return Seal(text.ToString());
        }

        /// <summary>The header line that keeps <paramref name="highestSequence"/> once the runs up to it are trimmed.</summary>
        internal static byte[] EncodeHeader(long highestSequence) =>
            Seal((char)HeaderTag + "\t" + highestSequence.ToString(CultureInfo.InvariantCulture));

        // Appends "\t<crc>\n" to the payload's bytes.
        private static byte[] Seal(string payload)
        {
            var length = Utf8.GetByteCount(payload);
            var line = new byte[length + 1 + CrcLength + 1];
            Utf8.GetBytes(payload, 0, payload.Length, line, 0);
            var crc = Crc32.Compute(line, 0, length);
            line[length] = (byte)'\t';
            for (var i = 0; i < CrcLength; i++)
            {
                line[length + 1 + i] = (byte)"0123456789abcdef"[(int)(crc >> (28 - 4 * i)) & 0xF];
            }

            line[line.Length - 1] = (byte)'\n';
            return line;
        }

        private static StringBuilder Field(StringBuilder text) => text.Append('\t');

        private static void Number(StringBuilder text, long? value)
        {
            if (value.HasValue) text.Append(value.Value.ToString(CultureInfo.InvariantCulture));
        }

        // UTC ticks, then the offset in minutes when it is not zero: "638000000000000000+120".
        private static void Time(StringBuilder text, DateTimeOffset? value)
        {
            if (!value.HasValue) return;
            text.Append(value.Value.UtcTicks.ToString(CultureInfo.InvariantCulture));
            var minutes = (long)value.Value.Offset.TotalMinutes;
            if (minutes > 0) text.Append('+');
            if (minutes != 0) text.Append(minutes.ToString(CultureInfo.InvariantCulture));
        }

        // Null is an empty field, the empty string "\e"; backslash, tab, CR and LF are escaped.
        private static void Text(StringBuilder text, string? value)
        {
            if (value == null) return;
            if (value.Length == 0)
            {
                text.Append("\\e");
                return;
            }

            foreach (var c in value)
            {
                switch (c)
                {
                    case '\\': text.Append("\\\\"); break;
                    case '\t': text.Append("\\t"); break;
                    case '\n': text.Append("\\n"); break;
                    case '\r': text.Append("\\r"); break;
                    default: text.Append(c); break;
                }
            }
        }
    }
}
