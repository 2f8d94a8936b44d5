using CoursePortal.Data;
using CoursePortal.Materials;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Demo;

/// <summary>
/// Loads the course page the portal was born from (Fall 2025, Monday/Wednesday) into an empty
/// database, so a new install shows a complete course. The lecture PDFs are generated stand-ins.
/// </summary>
public sealed class DemoSeeder(PortalDbContext db, IFileStore files, TimeProvider clock, ILogger<DemoSeeder> logger)
{
    public const string Slug = "deep-learning-fall-2025";

    private static readonly DateTime Released = new(2025, 9, 1, 13, 0, 0, DateTimeKind.Utc);

    private static readonly (DateOnly Date, string Topic, bool HasPdf)[] Lectures =
    [
        (new(2025, 9, 3), "Optimization theory", true),
        (new(2025, 9, 8), "Optimization contd.", true),
        (new(2025, 9, 10), "Generalization theory", true),
        (new(2025, 9, 15), "Generalization contd", true),
        (new(2025, 9, 17), "Role of training algorithm in generalization (Implicit bias)", false),
        (new(2025, 9, 22), "Credit Attribution/influence functions", false),
        (new(2025, 9, 24), "Linear data models", false),
        (new(2025, 9, 29), "KL divergence and Distribution learning", false),
        (new(2025, 10, 1), "Diffusion Models", false),
        (new(2025, 10, 6), "Diffusion Models (contd)", false),
        (new(2025, 10, 8), "Deep learning architectures: convolutions + theory", false),
        (new(2025, 10, 19), "Deep learning architectures: normalization + theory", false),
        (new(2025, 10, 21), "Language modeling, cross-entropy, notions of generalization", false),
        (new(2025, 10, 26), "Transformers. Scaling laws", false),
        (new(2025, 10, 28), "Emergence of complex skills from scaling.", false),
        (new(2025, 11, 1), "LLM Alignment", false),
        (new(2025, 11, 3), "Project ideas", false),
        (new(2025, 11, 8), "LLM Alignment 2", false),
        (new(2025, 11, 15), "Recurrent architectures for language modeling: State space models", false),
    ];

    /// <summary>Adds the demo course unless the database already holds a course.</summary>
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (await db.Courses.AnyAsync(cancellationToken))
        {
            return;
        }

        var course = new Course
        {
            Slug = Slug,
            Code = "TDL",
            Title = "Theory of Deep Learning",
            TermName = "Fall 2025",
            TermStart = new DateOnly(2025, 9, 2),
            TermEnd = new DateOnly(2025, 12, 10),
            TimeZoneId = "America/New_York",
            Location = "Friend Center 008",
            MeetingDays = Weekdays.Monday | Weekdays.Wednesday,
            MeetingStart = new TimeOnly(15, 0),
            MeetingEnd = new TimeOnly(16, 30),
            IsPublished = true,
            DescriptionMarkdown =
                "This course is a mathematical and conceptual introduction to Deep Learning: basic concepts, model classes, " +
                "paradigms, and attempts at analysis. We will cover some ML theory (learning rate, SGD, generalization, etc.) " +
                "and then some advanced topics: Normalization, Implicit Bias, Generative Models, Recurrent Nets, Contrastive " +
                "Learning, Self-Supervised Learning, Transformers, Diffusion Models, Private Learning, Interpretability, " +
                "Fine-tuning of Large Pretrained Models, etc.\n\n" +
                "**Course materials:** We will mainly use the *Theory of Deep Learning* book draft, listed under Course materials below.",
            PrerequisitesMarkdown =
                "The course is appropriate for graduate students who felt very comfortable in undergraduate coursework that " +
                "involved math proofs (e.g., CS theory, Optimization/Applied Math, etc.). Undergraduates need instructor's " +
                "permission to enroll.",
        };

        var arora = new StaffMember { Name = "Sanjeev Arora", Role = "Instructor", Email = "arora@cs.princeton.edu", SortOrder = 0 };
        arora.OfficeHours.Add(new OfficeHour { Weekday = DayOfWeek.Wednesday, Start = new(16, 30), End = new(17, 30), Place = "COS407" });
        var buzaglo = new StaffMember { Name = "Gon Buzaglo", Role = "Teaching assistant", Email = "gon.buzaglo@princeton.edu", SortOrder = 1 };
        buzaglo.OfficeHours.Add(new OfficeHour { Weekday = DayOfWeek.Monday, Start = new(16, 30), End = new(17, 30), Place = "COS431" });
        course.Staff.AddRange([arora, buzaglo]);

        course.Holidays.Add(new Holiday { Name = "Fall recess", StartDate = new(2025, 10, 11), EndDate = new(2025, 10, 18) });
        course.Holidays.Add(new Holiday { Name = "Thanksgiving recess", StartDate = new(2025, 11, 26), EndDate = new(2025, 11, 30) });

        var book = DemoPdf.Create("Theory of Deep Learning (book draft)",
            ["Demo stand-in for the book draft used by this course.", "Replace it with the real draft from the staff pages."]);
        course.Materials.Add(await FileMaterialAsync(course, "Theory of Deep Learning book draft", "theory-of-deep-learning-book-draft.pdf", book, 0, cancellationToken));

        for (var i = 0; i < Lectures.Length; i++)
        {
            var (date, topic, hasPdf) = Lectures[i];
            var lecture = new Lecture { Date = date, Topic = topic };
            course.Lectures.Add(lecture);
            if (hasPdf)
            {
                var pdf = DemoPdf.Create($"Lecture {i + 1}: {topic}",
                    [$"Theory of Deep Learning, Fall 2025, {date:MMMM d, yyyy}.", "Demo stand-in for the lecture notes."]);
                var material = await FileMaterialAsync(course, "Lecture PDF", $"lecture-{i + 1:00}.pdf", pdf, 0, cancellationToken);
                lecture.Materials.Add(material);
            }
        }

        course.Announcements.Add(new Announcement
        {
            Title = "Welcome to Theory of Deep Learning",
            BodyMarkdown = "The first lecture is on **Wednesday, September 3** at 3:00 pm in Friend Center 008. " +
                "The notes of each lecture appear in the schedule below.",
            PublishAt = Released,
        });

        db.Courses.Add(course);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Loaded the demo course {Slug}", Slug);
    }

    private async Task<Material> FileMaterialAsync(Course course, string title, string fileName, byte[] bytes, int order, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(bytes);
        var stored = await files.SaveAsync(stream, cancellationToken);
        var material = new Material
        {
            Course = course,
            Title = title,
            Kind = MaterialKind.File,
            FileName = fileName,
            FileHash = stored.Hash,
            FileSize = stored.Size,
            ContentType = "application/pdf",
            SortOrder = order,
            // Released before the term began, like the announcement.
            VisibleFrom = Released,
        };
        material.Versions.Add(new MaterialVersion { FileHash = stored.Hash, FileName = fileName, FileSize = stored.Size, UploadedAt = clock.GetUtcNow().UtcDateTime, UploadedBy = "Demo data" });
        return material;
    }
}
