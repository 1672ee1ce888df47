using System.Diagnostics.CodeAnalysis;

namespace BackupMail.Templates
{
    /// <summary>A piece of a parsed template: literal text, or a <c>##Placeholder##</c>.</summary>
    public sealed class TemplateSegment
    {
        private TemplateSegment(string? text, string? token, string? name)
        {
            Text = text;
            Token = token;
            Name = name;
        }

        /// <summary>Literal text (escapes already resolved); null for a placeholder.</summary>
        public string? Text { get; }

        /// <summary>The placeholder as written, with its <c>##</c>; null for literal text.</summary>
        public string? Token { get; }

        /// <summary>The canonical placeholder name; null for literal text and for an unknown name.</summary>
        public string? Name { get; }

        /// <summary>True for a placeholder (known or not).</summary>
        [MemberNotNullWhen(true, nameof(Token))]
        [MemberNotNullWhen(false, nameof(Text))]
        public bool IsPlaceholder => Token != null;

        internal static TemplateSegment Literal(string text) => new TemplateSegment(text, null, null);

        internal static TemplateSegment Placeholder(string token) => new TemplateSegment(null, token, PlaceholderCatalog.FindName(token));
    }
}
