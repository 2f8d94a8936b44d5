using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace CoursePortal.Tests.Infrastructure;

/// <summary>Small real PDFs for upload tests, each with its own text so their hashes differ.</summary>
public static class TestPdf
{
    public static byte[] Create(string text)
    {
        using var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        builder.AddPage(PageSize.A4).AddText(text, 12, new PdfPoint(50, 700), font);
        return builder.Build();
    }
}
