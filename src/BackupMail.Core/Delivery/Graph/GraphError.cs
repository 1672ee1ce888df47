using System;
using System.Text;
using System.Text.Json;

namespace BackupMail.Delivery.Graph
{
    /// <summary>The error Microsoft Graph puts in a failed response's body: <c>{"error":{"code":"...","message":"..."}}</c>.</summary>
    internal sealed class GraphError
    {
        private const int MaxTextLength = 1000;

        public GraphError(string? code, string? message)
        {
            Code = code;
            Message = message;
        }

        /// <summary>Graph's error code, e.g. <c>ErrorAccessDenied</c>.</summary>
        public string? Code { get; }

        /// <summary>Graph's explanation.</summary>
        public string? Message { get; }

        /// <summary>True when <see cref="Code"/> is <paramref name="code"/> (ignoring case).</summary>
        public bool Is(string code) => string.Equals(Code, code, StringComparison.OrdinalIgnoreCase);

        /// <summary>The code and message as one line, e.g. <c>ErrorAccessDenied: Access is denied.</c></summary>
        public override string ToString()
        {
            if (Strings.IsNullOrEmpty(Code)) return Message ?? string.Empty;
            return string.IsNullOrEmpty(Message) ? Code : Code + ": " + Message;
        }

        /// <summary>The error in <paramref name="body"/>, or null when it holds none (empty, not JSON, another shape).</summary>
        public static GraphError? Parse(string? body)
        {
            if (Strings.IsNullOrWhiteSpace(body) || body.TrimStart()[0] != '{')
            {
                return null;
            }

            try
            {
                using (var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 }))
                {
                    if (document.RootElement.ValueKind != JsonValueKind.Object ||
                        !document.RootElement.TryGetProperty("error", out var error) ||
                        error.ValueKind != JsonValueKind.Object)
                    {
                        return null;
                    }

                    var code = Text(error, "code");
                    var message = Text(error, "message");
                    return code == null && message == null ? null : new GraphError(code, message);
                }
            }
            catch (JsonException)
            {
                // Cut at the read limit, or not JSON at all: the status alone tells what happened.
                return null;
            }
        }

        // A string property made one short line: a hostile or broken server cannot fill a message with it.
        private static string? Text(JsonElement element, string name)
        {
            if (!element.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            return OneLine(value.GetString());
        }

        /// <summary><paramref name="text"/> without control characters, at most 1000 characters long.</summary>
        internal static string? OneLine(string? text)
        {
            if (Strings.IsNullOrEmpty(text))
            {
                return null;
            }

            var line = new StringBuilder(Math.Min(text.Length, MaxTextLength));
            foreach (var c in text)
            {
                if (line.Length == MaxTextLength)
                {
                    line.Append('…');
                    break;
                }

                line.Append(char.IsControl(c) ? ' ' : c);
            }

            return line.ToString().Trim();
        }
    }
}
