using System;
using System.IO;
using System.Text;

namespace BackupMail.Logs
{
    /// <summary>
    /// Finds a log's encoding: a byte-order mark; else UTF-16 LE by its zero bytes; else UTF-8 when the bytes
    /// are valid UTF-8; else the ANSI/OEM code page (Windows-1252, CP850, CP866) whose decoding reads most like
    /// words. Every encoding returned decodes invalid bytes to U+FFFD instead of throwing.
    /// </summary>
    internal static class LogEncoding
    {
        private const int SampleSize = 64 * 1024;
        private const int HeadSampleSize = 8 * 1024;
        private static readonly int[] CodePages = { 1252, 850, 866 };
        private static readonly string[] KnownWords =
        {
            "Übersprungen", "Übereinstimmung", "für", "Größe", "Geschwindigkeit", "Verzeich",
            "Каталогов", "Файлов", "Байт", "Скорость", "ОШИБКА", "Окончание", "Всего",
        };

        static LogEncoding()
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        }

        /// <summary>UTF-8 that never throws.</summary>
        internal static Encoding Utf8 { get; } = new UTF8Encoding(false, false);

        /// <summary>Detects the encoding of <paramref name="stream"/>; <paramref name="preambleLength"/> is the length of its byte-order mark.</summary>
        internal static Encoding Detect(Stream stream, out int preambleLength)
        {
            var bom = new byte[4];
            int bomLength = LogFile.ReadAt(stream, 0, bom, 4);
            preambleLength = 0;
            if (bomLength >= 3 && bom[0] == 0xEF && bom[1] == 0xBB && bom[2] == 0xBF) { preambleLength = 3; return Utf8; }
            if (bomLength >= 2 && bom[0] == 0xFF && bom[1] == 0xFE) { preambleLength = 2; return new UnicodeEncoding(false, false, false); }
            if (bomLength >= 2 && bom[0] == 0xFE && bom[1] == 0xFF) { preambleLength = 2; return new UnicodeEncoding(true, false, false); }

            // The end (where the summary is) and the start (robocopy's header: "Robustes Dateikopieren für Windows").
            // The length is asked once: a log still being written may be longer at the next call, the sample not.
            long length = stream.Length;
            long start = Math.Max(0, length - SampleSize) & ~1L; // even, so UTF-16 code units line up
            var tail = new byte[(int)Math.Max(0, length - start)];
            int tailLength = LogFile.ReadAt(stream, start, tail, tail.Length);
            var head = new byte[(int)Math.Min(HeadSampleSize, start)];
            int headLength = LogFile.ReadAt(stream, 0, head, head.Length);
            if (LooksLikeUtf16Le(tail, tailLength)) return new UnicodeEncoding(false, false, false);
            if (IsUtf8(tail, tailLength, start > 0) && IsUtf8(head, headLength, false)) return Utf8;
            var sample = new byte[headLength + tailLength];
            Array.Copy(head, sample, headLength);
            Array.Copy(tail, 0, sample, headLength, tailLength);
            return BestCodePage(sample, sample.Length);
        }

        /// <summary>The length of <paramref name="encoding"/>'s byte-order mark when the file starts with it, else 0.</summary>
        internal static int PreambleLength(Stream stream, Encoding encoding)
        {
            byte[] preamble = encoding.GetPreamble();
            if (preamble.Length == 0) return 0;
            var head = new byte[preamble.Length];
            int read = LogFile.ReadAt(stream, 0, head, head.Length);
            if (read < preamble.Length) return 0;
            for (int i = 0; i < preamble.Length; i++) if (head[i] != preamble[i]) return 0;
            return preamble.Length;
        }

        /// <summary>True for UTF-16 encodings, whose code units are two bytes.</summary>
        internal static bool IsTwoByte(Encoding encoding) => encoding is UnicodeEncoding;

        private static bool LooksLikeUtf16Le(byte[] sample, int length)
        {
            if (length < 4) return false;
            int oddZeros = 0, evenZeros = 0;
            for (int i = 0; i + 1 < length; i += 2)
            {
                if (sample[i] == 0) evenZeros++;
                if (sample[i + 1] == 0) oddZeros++;
            }
            // ASCII in UTF-16 LE puts a zero in every odd byte; 8-bit text and binary data rarely have zeros that regular.
            int pairs = length / 2;
            return oddZeros > pairs * 0.2 && evenZeros * 10 < oddZeros;
        }

        private static bool IsUtf8(byte[] sample, int length, bool cutAtStart)
        {
            int begin = 0;
            // A sample cut from the middle of the file may start inside a character.
            if (cutAtStart) while (begin < length && begin < 3 && (sample[begin] & 0xC0) == 0x80) begin++;
            int end = length;
            // ...and end inside one.
            for (int back = 1; back <= 3 && end - back >= begin; back++)
            {
                byte b = sample[end - back];
                if ((b & 0xC0) == 0x80) continue;
                if (b >= 0xC0)
                {
                    int needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
                    if (needed > back) end -= back;
                }
                break;
            }
            try
            {
                new UTF8Encoding(false, true).GetCharCount(sample, begin, end - begin);
                return true;
            }
            catch (DecoderFallbackException)
            {
                return false;
            }
        }

        private static Encoding BestCodePage(byte[] sample, int length)
        {
            Encoding? best = null;
            int bestScore = int.MinValue;
            foreach (int codePage in CodePages)
            {
                Encoding candidate = Encoding.GetEncoding(codePage, EncoderFallback.ReplacementFallback, DecoderFallback.ReplacementFallback);
                int score = Score(candidate.GetString(sample, 0, length));
                if (score > bestScore)
                {
                    bestScore = score;
                    best = candidate;
                }
            }
            return best!; // CodePages is not empty
        }

        /// <summary>Non-ASCII letters inside words of their own script score; symbols and box drawing in text do not.</summary>
        private static int Score(string text)
        {
            int score = 0;
            foreach (string word in KnownWords)
            {
                if (text.IndexOf(word, StringComparison.Ordinal) >= 0) score += 50;
            }
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c < 0x80 || c == '\u00A0') continue;
                if (!char.IsLetter(c)) { score -= 2; continue; }
                bool cyrillic = c >= '\u0400' && c <= '\u04FF';
                char before = i > 0 ? text[i - 1] : ' ';
                char after = i + 1 < text.Length ? text[i + 1] : ' ';
                if (SameScript(before, cyrillic) || SameScript(after, cyrillic)) score += 2;
                else if (char.IsLetter(before) || char.IsLetter(after)) score -= 1;
            }
            return score;
        }

        private static bool SameScript(char c, bool cyrillic)
            => char.IsLetter(c) && (c >= '\u0400' && c <= '\u04FF') == cyrillic;
    }
}
