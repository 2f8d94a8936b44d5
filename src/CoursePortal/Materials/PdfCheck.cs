using UglyToad.PdfPig;

namespace CoursePortal.Materials;

/// <summary>Judges uploaded bytes by their content, never by the name or the browser's content type.</summary>
public static class PdfCheck
{
    /// <summary>Null when the staged file is a readable PDF, else what to tell the uploader.</summary>
    public static async Task<string?> ProblemAsync(StagedFile file, string displayName, CancellationToken cancellationToken)
    {
        if (file.Size == 0)
        {
            return $"“{displayName}” is empty.";
        }

        await using var stream = file.OpenRead();
        var header = new byte[5];
        var read = await stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken);
        if (read < header.Length || !header.AsSpan().SequenceEqual("%PDF-"u8))
        {
            return $"“{displayName}” is not a PDF: its content does not start with %PDF-.";
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
}
