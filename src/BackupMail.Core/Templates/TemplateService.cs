using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BackupMail.Configuration;
using BackupMail.Resources;

namespace BackupMail.Templates
{
    /// <summary>
    /// The named templates in <c>config.json</c> (<c>Set-</c>, <c>Get-</c>, <c>Reset-BackupMailTemplate</c>).
    /// <c>Default</c> always exists: the built-in one until the user changes it.
    /// </summary>
    public sealed class TemplateService
    {
        private readonly ConfigStore store;
        private readonly CultureInfo uiCulture;

        /// <summary>Works on <paramref name="store"/>; built-in defaults are in <paramref name="uiCulture"/> (the current UI culture when null).</summary>
        /// <exception cref="ArgumentNullException"><paramref name="store"/> is null.</exception>
        public TemplateService(ConfigStore store, CultureInfo? uiCulture)
        {
            this.store = store ?? throw new ArgumentNullException(nameof(store));
            this.uiCulture = uiCulture ?? CultureInfo.CurrentUICulture;
        }

        /// <summary>
        /// Creates or updates the template <paramref name="name"/>. A null subject, body or format keeps the
        /// stored one; a new template (or the unchanged built-in Default) starts from the built-in default.
        /// The result is validated before anything is written.
        /// </summary>
        /// <returns>The stored template.</returns>
        /// <exception cref="BackupMailException"><c>TemplateNameInvalid</c>; <c>TemplatePlaceholderUnknown</c> (nothing is
        /// written); the configuration store's errors.</exception>
        public MailTemplate Set(string? name, string? subject, string? body, BodyFormat? bodyFormat)
            => Set(name, subject, body, bodyFormat, null, null);

        /// <summary>
        /// Creates or updates the template <paramref name="name"/>. A null argument keeps what is stored; a new template
        /// starts from the built-in template of that name (Default, Report), else from the built-in Default.
        /// </summary>
        /// <remarks>
        /// <para><paramref name="textBody"/> is the plain-text alternative of an HTML body; an empty string removes it, so
        /// the text part is derived from the HTML. A new <paramref name="body"/> without a <paramref name="textBody"/>
        /// removes the stored one too, so the text part never disagrees with the HTML; a text body has none.</para>
        /// <para><paramref name="culture"/> is a culture name such as <c>de-DE</c> for the template's values (language,
        /// numbers, dates); an empty string removes it, so the current UI culture at send time is used.</para>
        /// </remarks>
        /// <returns>The stored template.</returns>
        /// <exception cref="BackupMailException"><c>TemplateNameInvalid</c>; <c>TemplateCultureInvalid</c>;
        /// <c>TemplatePlaceholderUnknown</c> (nothing is written); the configuration store's errors.</exception>
        public MailTemplate Set(string? name, string? subject, string? body, BodyFormat? bodyFormat, string? textBody, string? culture)
        {
            name = CheckName(name);
            string? cultureName = culture == null ? null : TemplateCulture.Normalize(culture);
            return store.Update(config =>
            {
                MailTemplate? stored = FindStored(config, name);
                BodyFormat format = bodyFormat ?? stored?.BodyFormat ?? DefaultTemplates.GetBuiltIn(name, uiCulture)?.BodyFormat ?? BodyFormat.Text;
                // A body-less change of format on a default switches to the default of that format.
                MailTemplate basis = stored ?? BuiltInBasis(name, format);
                string? text = textBody ?? (body != null ? null : basis.TextBody);
                var result = new MailTemplate
                {
                    Name = stored?.Name ?? BuiltInName(name) ?? name,
                    Subject = subject ?? basis.Subject,
                    Body = body ?? basis.Body,
                    BodyFormat = format,
                    TextBody = format == BodyFormat.Html && !string.IsNullOrEmpty(text) ? text : null,
                    Culture = culture == null ? stored?.Culture : cultureName,
                    IsBuiltIn = false,
                    UnknownProperties = stored?.UnknownProperties,
                };
                TemplateParser.Validate(result);
                if (stored != null) config.Templates.Remove(stored);
                config.Templates.Add(result);
                return Copy(result);
            });
        }

        // The built-in template of this name in this format (Report's HTML, or Default's text or HTML); any other name
        // starts from Default.
        private MailTemplate BuiltInBasis(string name, BodyFormat format)
        {
            MailTemplate? builtIn = DefaultTemplates.GetBuiltIn(name, uiCulture);
            return builtIn != null && builtIn.BodyFormat == format ? builtIn : DefaultTemplates.Get(uiCulture, format);
        }

        private static string? BuiltInName(string name)
            => DefaultTemplates.BuiltInNames.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));

        /// <summary>Every template: the stored ones, and the built-in Default and Report where the user has not stored one of that name.</summary>
        /// <exception cref="BackupMailException">The configuration store's errors.</exception>
        public IReadOnlyList<MailTemplate> GetAll()
        {
            BackupMailConfig config = store.Load();
            var all = config.Templates.Where(t => t != null && !string.IsNullOrEmpty(t.Name)).Select(Copy).ToList();
            int at = 0;
            foreach (string builtIn in DefaultTemplates.BuiltInNames)
            {
                if (!all.Any(t => string.Equals(t.Name, builtIn, StringComparison.OrdinalIgnoreCase)))
                    all.Insert(at++, DefaultTemplates.GetBuiltIn(builtIn, uiCulture)!); // each of BuiltInNames has one
            }
            return all;
        }

        /// <summary>The template <paramref name="name"/> (case-insensitive; null or empty means Default).</summary>
        /// <exception cref="BackupMailException"><c>TemplateNotFound</c> (ObjectNotFound), naming the templates that exist; the configuration store's errors.</exception>
        public MailTemplate Find(string? name)
        {
            if (Strings.IsNullOrWhiteSpace(name)) name = DefaultTemplates.DefaultName;
            IReadOnlyList<MailTemplate> all = GetAll();
            MailTemplate? found = all.FirstOrDefault(t => string.Equals(t.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));
            if (found != null) return found;
            throw new BackupMailException(
                ErrorIds.TemplateNotFound,
                BackupMailErrorKind.ObjectNotFound,
                TemplateStrings.Format("TemplateNotFound", name.Trim(), string.Join(", ", all.Select(t => t.Name))),
                name);
        }

        /// <summary>
        /// Default and Report go back to the built-in template (their stored copy is removed); any other template is removed.
        /// </summary>
        /// <exception cref="BackupMailException"><c>TemplateNotFound</c> for a name that is neither Default nor stored; the configuration store's errors.</exception>
        public void Reset(string? name)
        {
            if (Strings.IsNullOrWhiteSpace(name)) name = DefaultTemplates.DefaultName;
            name = name.Trim();
            bool removed = store.Update(config =>
            {
                MailTemplate? stored = FindStored(config, name);
                if (stored != null) config.Templates.Remove(stored);
                return stored != null;
            });
            if (!removed && BuiltInName(name) == null) Find(name); // throws TemplateNotFound naming the templates there are
        }

        private static string CheckName(string? name)
        {
            if (Strings.IsNullOrWhiteSpace(name)) return DefaultTemplates.DefaultName;
            name = name.Trim();
            if (name.Any(char.IsControl))
            {
                throw new BackupMailException(ErrorIds.TemplateNameInvalid, BackupMailErrorKind.InvalidArgument,
                    TemplateStrings.Format("TemplateNameInvalid"), name);
            }
            return name;
        }

        private static MailTemplate? FindStored(BackupMailConfig config, string name)
            => config.Templates.FirstOrDefault(t => t != null && string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

        private static MailTemplate Copy(MailTemplate t) => new MailTemplate
        {
            Name = t.Name,
            Subject = t.Subject ?? string.Empty,
            Body = t.Body ?? string.Empty,
            BodyFormat = t.BodyFormat,
            TextBody = t.TextBody,
            Culture = t.Culture,
            IsBuiltIn = false,
        };
    }
}
