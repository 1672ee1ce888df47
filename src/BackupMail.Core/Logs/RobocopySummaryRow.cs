using System.Collections.Generic;

namespace BackupMail.Logs
{
    /// <summary>One row (Dirs, Files or Bytes) of robocopy's summary table.</summary>
    public sealed class RobocopySummaryRow
    {
        internal RobocopySummaryRow(string label, IReadOnlyList<long> values, IReadOnlyList<string> rawValues)
        {
            Label = label;
            Total = values[0];
            Copied = values[1];
            Skipped = values[2];
            Mismatch = values[3];
            Failed = values[4];
            Extras = values[5];
            RawValues = rawValues;
        }

        /// <summary>The row's label as written (<c>Dirs</c>, <c>Verzeich.</c>, <c>Каталогов</c>...).</summary>
        public string Label { get; }
        /// <summary>The Total column.</summary>
        public long Total { get; }
        /// <summary>The Copied column.</summary>
        public long Copied { get; }
        /// <summary>The Skipped column.</summary>
        public long Skipped { get; }
        /// <summary>The Mismatch column.</summary>
        public long Mismatch { get; }
        /// <summary>The FAILED column.</summary>
        public long Failed { get; }
        /// <summary>The Extras column.</summary>
        public long Extras { get; }

        /// <summary>
        /// The six values as written, e.g. <c>2.114 g</c>. Byte counts with a unit (k, m, g, t = 1024, 1024², ...)
        /// are rounded by robocopy; the numeric properties convert them back, so they are approximate.
        /// </summary>
        public IReadOnlyList<string> RawValues { get; }
    }
}
