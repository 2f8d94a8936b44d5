using UglyToad.PdfPig;

namespace CoursePortal.Materials;

/// <summary>Judges uploaded bytes by their content, never by the name or the browser's content type.</summary>
public static class PdfCheck
{
    /// <summary>What the uploader can do instead, in every refusal.</summary>
    public const string Accepted = "upload a PDF (save or print it as PDF first) or add a link to it.";

    /// <summary>How much of the start of a file is looked at to tell what it is: enough for an Office file's first part names.</summary>
    private const int HeadLength = 8 * 1024;

    /// <summary>Null when the staged file is a readable PDF, else what to tell the uploader.</summary>
    public static async Task<string?> ProblemAsync(StagedFile file, string displayName, CancellationToken cancellationToken)
    {
        if (file.Size == 0)
        {
            return $"“{displayName}” is empty; {Accepted}";
        }

        await using var stream = file.OpenRead();
        var head = new byte[HeadLength];
        var read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        if (read < 5 || !head.AsSpan(0, 5).SequenceEqual("%PDF-"u8))
        {
            return WhatItIs(head.AsSpan(0, read)) is { } kind
                ? $"“{displayName}” looks like {kind}, not a PDF; {Accepted}"
                : $"“{displayName}” is not a PDF (its content does not start with %PDF-); {Accepted}";
        }

        stream.Position = 0;
        try
        {
            // Parses the cross-reference table and page tree from the stream, without loading the file into memory.
            using var pdf = PdfDocument.Open(stream);
            return pdf.NumberOfPages > 0 ? null : $"“{displayName}” has no pages.";
        }
#pragma warning disable CA1031 // Any parser failure means the same thing to the uploader: not a readable PDF.
        catch (Exception)
#pragma warning restore CA1031
        {
            return $"“{displayName}” could not be opened as a PDF; it may be damaged.";
        }
    }

    /// <summary>What a file that is not a PDF seems to be, from its first bytes ("a Word document"); null when it is not recognised.</summary>
    public static string? WhatItIs(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("PK\u0003\u0004"u8))
        {
            // An Office Open XML file is a ZIP whose first parts name its kind.
            return head.IndexOf("word/"u8) >= 0 ? "a Word document"
                : head.IndexOf("ppt/"u8) >= 0 ? "a PowerPoint presentation"
                : head.IndexOf("xl/"u8) >= 0 ? "an Excel spreadsheet"
                : head.IndexOf("application/vnd.oasis.opendocument"u8) >= 0 ? "an OpenDocument file"
                : "a ZIP archive";
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0]))
        {
            return "an older Office document (.doc, .ppt or .xls)";
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47]))
        {
            return "a PNG image";
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return "a JPEG image";
        }

        if (head.StartsWith("GIF8"u8))
        {
            return "a GIF image";
        }

        if (head.StartsWith("{\\rtf"u8))
        {
            return "an RTF document";
        }

        var text = System.Text.Encoding.UTF8.GetString(head).TrimStart('\uFEFF', ' ', '\t', '\r', '\n')
            .TrimEnd('\uFFFD'); // a character cut off at the end of the head
        if (text.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase) || text.StartsWith("<html", StringComparison.OrdinalIgnoreCase))
        {
            return "a web page (HTML)";
        }

        return text.Length > 0 && !text.Any(c => char.IsControl(c) && c is not ('\t' or '\r' or '\n')) && !text.Contains('\uFFFD', StringComparison.Ordinal)
            ? "a text file"
            : null;
    }
}
