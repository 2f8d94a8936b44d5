using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace CoursePortal.Demo;

/// <summary>Writes the small, real PDFs that stand in for the demo course's lecture notes.</summary>
internal static class DemoPdf
{
    public static byte[] Create(string title, IEnumerable<string> lines)
    {
        using var builder = new PdfDocumentBuilder();
        var bold = builder.AddStandard14Font(Standard14Font.HelveticaBold);
        var regular = builder.AddStandard14Font(Standard14Font.Helvetica);
        var page = builder.AddPage(PageSize.Letter);
        page.AddText(title, 20, new PdfPoint(72, 700), bold);
        var y = 660.0;
        foreach (var line in lines)
        {
            page.AddText(line, 12, new PdfPoint(72, y), regular);
            y -= 18;
        }

        return builder.Build();
    }
}
