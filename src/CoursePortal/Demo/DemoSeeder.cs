using CoursePortal.Courses;
using CoursePortal.Data;
using CoursePortal.Materials;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Demo;

/// <summary>
/// Loads the course page the portal was born from (Fall 2025, Monday/Wednesday) into an empty
/// database, exactly as the page had it, so a new install shows a complete course; beside it, the same course
/// copied by the term-copy feature into the term of the day the portal first starts (<see cref="DemoTerm"/>),
/// published, so the next lecture, today's row and a release time in the future show at once.
/// The lecture PDFs are generated stand-ins.
/// </summary>
public sealed class DemoSeeder(PortalDbContext db, IFileStore files, TimeProvider clock, ILogger<DemoSeeder> logger)
{
    public const string Slug = "deep-learning-fall-2025";

    /// <summary>The copy's address name is this and its term: "deep-learning-fall-2026".</summary>
    public const string CopySlugPrefix = "deep-learning-";

    /// <summary>The topic of the class days of the copy's term that the seed's lectures do not fill (its page ends early).</summary>
    public const string SpareTopic = "Project presentations";

    /// <summary>The title of the copy's material released when its next lecture starts.</summary>
    public const string UpcomingTitle = "Slides";

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

        // The seed page's breaks are the university's: the term's, shared by every course of Fall 2025.
        var fall = new Term { Name = course.TermName, StartDate = course.TermStart, EndDate = course.TermEnd };
        fall.Holidays.Add(new TermHoliday { Name = "Fall recess", StartDate = new(2025, 10, 11), EndDate = new(2025, 10, 18) });
        fall.Holidays.Add(new TermHoliday { Name = "Thanksgiving recess", StartDate = new(2025, 11, 26), EndDate = new(2025, 11, 30) });
        if (!await db.Terms.AnyAsync(t => t.Name == fall.Name, cancellationToken))
        {
            db.Terms.Add(fall);
        }

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

        // Both courses or neither: a start that fails half-way tries again next time on an empty database.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Courses.Add(course);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Loaded the demo course {Slug}", Slug);
        await CopyToCurrentTermAsync(course, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Copies the seed course with <see cref="TermCopy"/> into the term of today (nothing when that is the seed's own
    /// term, which then shows all of it itself), fills the class days its lectures leave, and gives the first lecture
    /// still to start a PDF released when it starts.
    /// </summary>
    private async Task CopyToCurrentTermAsync(Course seed, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var zone = CourseClock.Zone(seed.TimeZoneId);
        var term = DemoTerm.For(DateOnly.FromDateTime(CourseClock.ToLocal(now, zone)));
        if (term.Name == seed.TermName)
        {
            return;
        }

        var source = await TermCopySource.LoadAsync(db, seed.Id, cancellationToken);
        var meetings = MeetingPattern.Dates(term.Start, term.End, seed.MeetingDays, term.Holidays);
        var plan = TermCopy.MakePlan(source.Course, source.Coursework, source.Sections, term.Start, meetings, term.Holidays);
        var target = TermCopy.Target(seed, CopySlugPrefix + term.SlugPart, term.Name, term.Start, term.End);
        if (!await db.Terms.AnyAsync(t => t.Name == term.Name, cancellationToken))
        {
            var record = new Term { Name = term.Name, StartDate = term.Start, EndDate = term.End };
            record.Holidays.AddRange(term.Holidays.Select(h => new TermHoliday { Name = h.Name, StartDate = h.StartDate, EndDate = h.EndDate }));
            db.Terms.Add(record);
        }

        var copy = TermCopy.Build(source.Course, plan, target, [], [], now);
        target.IsPublished = true;
        target.Lectures.AddRange(plan.SpareMeetings.Select(day => new Lecture { Date = day, Topic = SpareTopic }));

        var upcoming = target.Lectures.InScheduleOrder()
            .Select((lecture, i) => (Lecture: lecture, Number: i + 1, Starts: CourseClock.ToUtc(lecture.Date, target.MeetingStart ?? TimeOnly.MinValue, zone)))
            .FirstOrDefault(x => x.Starts > now);
        if (upcoming.Lecture is { } next)
        {
            var pdf = DemoPdf.Create($"Lecture {upcoming.Number}: {next.Topic}",
                [$"{seed.Title}, {term.Name}, {next.Date:MMMM d, yyyy}.", "Demo stand-in for slides released when the lecture starts."]);
            var slides = await FileMaterialAsync(target, UpcomingTitle, $"lecture-{upcoming.Number:00}-slides.pdf", pdf, 1, cancellationToken);
            slides.VisibleFrom = upcoming.Starts;
            next.Materials.Add(slides);
        }

        db.Courses.Add(copy.Course);
        db.CourseworkItems.AddRange(copy.Coursework);
        db.Sections.AddRange(copy.Sections);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Copied the demo course to {Term} as {Slug}", term.Name, target.Slug);
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
