using System.Globalization;
using System.Text.RegularExpressions;
using CoursePortal.Accounts;
using CoursePortal.Courses;
using CoursePortal.Data;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Provisioning;

/// <summary>
/// What a registrar file means for the portal, row by row, and doing it. The preview and the background run go through
/// the same <see cref="Decide"/>, so what the preview says is what applying does.
/// </summary>
/// <remarks>
/// Keys: the term's name and the course code (compared as <see cref="CourseRules.CodeKey"/>) identify a course; within
/// it the Section value identifies a meeting. The course's lecture section (Section empty, or "L" and a digit: "L01")
/// sets the course's meeting days, times and room; any other section (precept "P01", lab "B01") is a <see cref="Section"/>
/// of the course with that name. Terms and departments must exist. Staff listed are added (linked to the account with
/// that e-mail, or invited); nobody is removed by an import.
/// </remarks>
public sealed partial class RegistrarImport(PortalDbContext db, AccountTokens tokens, TimeProvider clock)
{
    /// <summary>Reads every row of <paramref name="read"/> against the database, changing nothing.</summary>
    public async Task<RegistrarPlan> PreviewAsync(RegistrarReadResult read, CancellationToken cancellationToken)
    {
        var groups = Group(read);
        var known = await LoadAsync(groups, courseKey: null, tracked: false, cancellationToken);
        var rows = new List<RegistrarRowOutcome>();
        foreach (var group in groups)
        {
            rows.AddRange(Decide(group, known, apply: false, invitations: null));
        }

        return new RegistrarPlan(groups, rows.OrderBy(r => r.Line).ToList());
    }

    /// <summary>
    /// Applies one course's rows in one transaction: the course, its sections and its staff are written together or not
    /// at all. Invitations made are added to <paramref name="invitations"/> (their links exist nowhere else).
    /// </summary>
    public async Task<IReadOnlyList<RegistrarRowOutcome>> ApplyAsync(RegistrarCourseGroup group, List<RegistrarInvitation> invitations, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var known = await LoadAsync([group], group, tracked: true, cancellationToken);
        var made = new List<RegistrarInvitation>();
        var outcomes = Decide(group, known, apply: true, invitations: made);
        if (outcomes.All(o => o.Kind is RegistrarRowKind.Unchanged or RegistrarRowKind.Error))
        {
            return outcomes;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        var course = known.Courses.Single();
        var links = new List<RegistrarInvitation>();
        foreach (var invitation in made)
        {
            var raw = await tokens.IssueAsync(new AccountToken
            {
                TokenHash = "",
                Purpose = AccountTokenPurpose.Invitation,
                Email = invitation.Email,
                CourseId = course.Id,
                CourseRole = invitation.Role,
            }, AccountTokens.InvitationLifetime, cancellationToken);
            links.Add(invitation with
            {
                Course = $"{course.Code} {course.TermName}",
                Path = AccountTokens.InvitationPath(raw),
                ExpiresAt = clock.GetUtcNow().UtcDateTime + AccountTokens.InvitationLifetime,
            });
        }

        await transaction.CommitAsync(cancellationToken);
        invitations.AddRange(links);
        return outcomes;
    }

    /// <summary>Whether a Section value names the course's own meeting (the lecture) rather than a precept or lab.</summary>
    public static bool IsLectureSection(string section) => section.Length == 0 || LectureSection().IsMatch(section);

    [GeneratedRegex(@"^[Ll]\d")]
    private static partial Regex LectureSection();

    /// <summary>The address a new course gets: code and term ("COS 324", "Fall 2026" → cos-324-fall-2026), numbered when taken.</summary>
    public static string SlugFor(string code, string term, ICollection<string> taken)
    {
        var stem = Stem(code, term);
        var slug = stem;
        for (var n = 2; taken.Contains(slug) || CourseRules.SlugProblem(slug) is not null; n++)
        {
            slug = $"{stem}-{n.ToString(CultureInfo.InvariantCulture)}";
        }

        return slug;
    }

    private static string Stem(string code, string term)
    {
        var stem = NotSlug().Replace($"{code} {term}".ToLowerInvariant(), "-").Trim('-');
        return stem.Length == 0 ? "course" : stem[..Math.Min(stem.Length, CourseRules.SlugMaxLength - 4)].TrimEnd('-');
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotSlug();

    /// <summary>The file's rows by course, in file order; rows that did not parse go with their course when it can be told.</summary>
    public static List<RegistrarCourseGroup> Group(RegistrarReadResult read)
    {
        var groups = new List<RegistrarCourseGroup>();
        var byKey = new Dictionary<(string, string), RegistrarCourseGroup>();
        foreach (var line in read.Lines)
        {
            var key = line.Row is { } row ? KeyOf(row.Term, row.CourseCode) : ("", $"line {line.Line.ToString(CultureInfo.InvariantCulture)}");
            if (!byKey.TryGetValue(key, out var group))
            {
                group = new RegistrarCourseGroup(line.Row?.Term ?? "", line.Row?.CourseCode ?? "", []);
                byKey[key] = group;
                groups.Add(group);
            }

            group.Lines.Add(line);
        }

        return groups;
    }

    private static (string, string) KeyOf(string term, string code) => (term.ToUpperInvariant(), CourseRules.CodeKey(code));

    /// <summary>What the database holds that the file's courses touch, loaded in a few queries.</summary>
    private sealed class Known
    {
        public Dictionary<string, Term> Terms { get; } = new(StringComparer.OrdinalIgnoreCase);
        public Dictionary<string, Department> Departments { get; } = new(StringComparer.OrdinalIgnoreCase);
        public List<Course> Courses { get; } = [];
        public Dictionary<(string, string), Course> ByKey { get; } = [];
        public ILookup<int, Section> Sections { get; set; } = Array.Empty<Section>().ToLookup(s => s.CourseId);
        public ILookup<int, StaffMember> Staff { get; set; } = Array.Empty<StaffMember>().ToLookup(s => s.CourseId);
        public HashSet<(int, string)> Assignments { get; } = [];

        /// <summary>The e-mail addresses (lower case) of each section's leaders, by section id.</summary>
        public Dictionary<int, HashSet<string>> Leaders { get; } = [];
        public HashSet<(int, string)> PendingInvitations { get; } = [];
        public Dictionary<string, PortalUser> Users { get; } = new(StringComparer.OrdinalIgnoreCase);
        public HashSet<string> Slugs { get; } = new(StringComparer.OrdinalIgnoreCase);
    }

    private async Task<Known> LoadAsync(List<RegistrarCourseGroup> groups, RegistrarCourseGroup? courseKey, bool tracked, CancellationToken cancellationToken)
    {
        var known = new Known();
        var rows = groups.SelectMany(g => g.Lines).Select(l => l.Row).OfType<RegistrarRow>().ToList();
        var termNames = rows.Select(r => r.Term).ToHashSet(StringComparer.OrdinalIgnoreCase);
        // A university has a few terms a year: all of them in one query, matched ignoring case here.
        foreach (var term in (await db.Terms.AsNoTracking().ToListAsync(cancellationToken)).Where(t => termNames.Contains(t.Name)))
        {
            known.Terms[term.Name] = term;
        }

        foreach (var department in await db.Departments.AsNoTracking().ToListAsync(cancellationToken))
        {
            known.Departments[department.Code] = department;
        }

        var names = known.Terms.Values.Select(t => t.Name).ToList();
        if (courseKey is null)
        {
            known.Courses.AddRange(await db.Courses.AsNoTracking().Where(c => names.Contains(c.TermName)).ToListAsync(cancellationToken));
        }
        else
        {
            // One course, found among its term's codes (a code may be written "COS 324" or "cos-324"), then loaded to change.
            var wanted = KeyOf(courseKey.Term, courseKey.Code);
            var codes = await db.Courses.AsNoTracking().Where(c => names.Contains(c.TermName)).Select(c => new { c.Id, c.TermName, c.Code }).ToListAsync(cancellationToken);
            var found = codes.Where(c => KeyOf(c.TermName, c.Code) == wanted).Select(c => c.Id).ToList();
            var courses = tracked ? db.Courses.AsQueryable() : db.Courses.AsNoTracking();
            known.Courses.AddRange(await courses.Where(c => found.Contains(c.Id)).ToListAsync(cancellationToken));
        }

        foreach (var course in known.Courses)
        {
            known.ByKey.TryAdd(KeyOf(course.TermName, course.Code), course);
        }
        var ids = known.Courses.Select(c => c.Id).ToList();
        var sections = tracked ? db.Sections.AsQueryable() : db.Sections.AsNoTracking();
        known.Sections = (await sections.Where(s => ids.Contains(s.CourseId)).ToListAsync(cancellationToken)).ToLookup(s => s.CourseId);
        known.Staff = (await db.StaffMembers.AsNoTracking().Where(s => ids.Contains(s.CourseId)).ToListAsync(cancellationToken)).ToLookup(s => s.CourseId);
        foreach (var l in await db.Set<SectionLeader>().AsNoTracking().Where(l => ids.Contains(l.Section!.CourseId))
            .Select(l => new { l.SectionId, l.StaffMember!.Email }).ToListAsync(cancellationToken))
        {
            if (!known.Leaders.TryGetValue(l.SectionId, out var leaders))
            {
                known.Leaders[l.SectionId] = leaders = new HashSet<string>(StringComparer.Ordinal);
            }

            leaders.Add(l.Email.ToLowerInvariant());
        }

        foreach (var a in await db.CourseAssignments.AsNoTracking().Where(a => ids.Contains(a.CourseId)).Select(a => new { a.CourseId, a.UserId }).ToListAsync(cancellationToken))
        {
            known.Assignments.Add((a.CourseId, a.UserId));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var t in await db.AccountTokens.AsNoTracking()
            .Where(t => t.Purpose == AccountTokenPurpose.Invitation && t.CourseId != null && ids.Contains(t.CourseId.Value) && t.UsedAt == null && t.RevokedAt == null && t.ExpiresAt > now)
            .Select(t => new { t.CourseId, t.Email }).ToListAsync(cancellationToken))
        {
            known.PendingInvitations.Add((t.CourseId!.Value, t.Email.ToLowerInvariant()));
        }

        var emails = rows.SelectMany(r => r.Instructors.Concat(r.Assistants)).Select(e => e.ToUpperInvariant()).Distinct().ToList();
        foreach (var chunk in emails.Chunk(500))
        {
            foreach (var user in await db.Users.AsNoTracking().Where(u => u.NormalizedEmail != null && chunk.Contains(u.NormalizedEmail)).ToListAsync(cancellationToken))
            {
                known.Users[user.Email!] = user;
            }
        }

        // The addresses new courses could take: all of them for a whole file, those of the one stem for one course.
        var slugs = db.Courses.AsNoTracking().Select(c => c.Slug);
        if (courseKey is not null)
        {
            var stem = Stem(courseKey.Code, known.Terms.TryGetValue(courseKey.Term, out var t) ? t.Name : courseKey.Term);
            slugs = slugs.Where(s => s.StartsWith(stem));
        }

        foreach (var slug in await slugs.ToListAsync(cancellationToken))
        {
            known.Slugs.Add(slug);
        }

        return known;
    }

    /// <summary>
    /// The one decision of what each row of a course means. With <paramref name="apply"/>, it also makes the change on the
    /// tracked entities of <paramref name="known"/> (saved by the caller).
    /// </summary>
    private List<RegistrarRowOutcome> Decide(RegistrarCourseGroup group, Known known, bool apply, List<RegistrarInvitation>? invitations)
    {
        var problems = group.Lines.ToDictionary(l => l.Line, l => l.Problems.ToList());
        var rows = group.Lines.Where(l => l.Row is not null).Select(l => (l.Line, Row: l.Row!)).ToList();
        var label = group.Code.Length > 0 ? $"{group.Code} {group.Term}" : "";
        Term? term = null;
        Department? department = null;
        if (rows.Count > 0)
        {
            var first = rows[0];
            if (!known.Terms.TryGetValue(first.Row.Term, out term))
            {
                foreach (var (line, _) in rows)
                {
                    problems[line].Add($"Term: no term “{first.Row.Term}”: create it under Admin → Terms first.");
                }
            }

            var lecture = (long?)null;
            var sectionNames = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
            foreach (var (line, row) in rows)
            {
                if (!string.Equals(row.Title, first.Row.Title, StringComparison.Ordinal))
                {
                    problems[line].Add($"Title: “{row.Title}” differs from line {first.Line.ToString(CultureInfo.InvariantCulture)} (“{first.Row.Title}”); a course has one title.");
                }

                if (!string.Equals(row.Department, first.Row.Department, StringComparison.OrdinalIgnoreCase))
                {
                    problems[line].Add($"Department: “{row.Department}” differs from line {first.Line.ToString(CultureInfo.InvariantCulture)} (“{first.Row.Department}”).");
                }

                if (IsLectureSection(row.Section))
                {
                    if (lecture is { } earlier)
                    {
                        problems[line].Add($"Section: line {earlier.ToString(CultureInfo.InvariantCulture)} already gives this course's lecture; name other sections otherwise (P01, B01).");
                    }

                    lecture ??= line;
                }
                else
                {
                    if (sectionNames.TryGetValue(row.Section, out var same))
                    {
                        problems[line].Add($"Section: “{row.Section}” is on line {same.ToString(CultureInfo.InvariantCulture)} too.");
                    }

                    sectionNames.TryAdd(row.Section, line);
                    if (row.Start is null)
                    {
                        problems[line].Add($"Days, Start and End: section “{row.Section}” needs its days and times.");
                    }
                }
            }

            if (first.Row.Department.Length > 0 && !known.Departments.TryGetValue(first.Row.Department, out department))
            {
                problems[first.Line].Add($"Department: no department “{first.Row.Department}”: create it under Admin → Departments first.");
            }
        }

        if (problems.Values.Any(p => p.Count > 0) || term is null)
        {
            var bad = problems.Where(p => p.Value.Count > 0).Select(p => p.Key).First();
            return group.Lines.Select(l => new RegistrarRowOutcome(l.Line, label, l.Row?.Section ?? "", RegistrarRowKind.Error,
                problems[l.Line].Count > 0 ? problems[l.Line] : [$"Not applied: line {bad.ToString(CultureInfo.InvariantCulture)} of the same course has an error."])).ToList();
        }

        var key = KeyOf(term.Name, group.Code);
        var course = known.ByKey.GetValueOrDefault(key);
        var notes = rows.ToDictionary(r => r.Line, _ => new List<string>());
        var kinds = rows.ToDictionary(r => r.Line, _ => RegistrarRowKind.Unchanged);
        var lectureRow = rows.FirstOrDefault(r => IsLectureSection(r.Row.Section));
        var courseLine = lectureRow.Row is null ? rows[0].Line : lectureRow.Line;
        var head = rows[0].Row;

        if (course is null)
        {
            var slug = SlugFor(head.CourseCode, term.Name, known.Slugs);
            known.Slugs.Add(slug);
            course = new Course
            {
                Slug = slug,
                Code = head.CourseCode,
                Title = head.Title,
                TermName = term.Name,
                TermStart = term.StartDate,
                TermEnd = term.EndDate,
                DepartmentId = department?.Id,
            };
            if (lectureRow.Row is { } l)
            {
                course.MeetingDays = l.Days;
                course.MeetingStart = l.Start;
                course.MeetingEnd = l.End;
                course.Location = l.Room;
            }

            kinds[courseLine] = RegistrarRowKind.Create;
            notes[courseLine].Add($"New course at /{slug}, unpublished, {term.StartDate:yyyy-MM-dd} to {term.EndDate:yyyy-MM-dd}.");
            known.Courses.Add(course);
            known.ByKey[key] = course;
            if (apply)
            {
                db.Courses.Add(course);
            }
        }
        else
        {
            var changes = new List<string>();
            void Change<T>(string name, T current, T wanted, Action set)
            {
                if (!EqualityComparer<T>.Default.Equals(current, wanted))
                {
                    changes.Add($"{name}: {Show(current)} → {Show(wanted)}");
                    if (apply)
                    {
                        set();
                    }
                }
            }

            Change("Title", course.Title, head.Title, () => course.Title = head.Title);
            if (department is not null)
            {
                var name = known.Departments.Values.FirstOrDefault(d => d.Id == course.DepartmentId)?.Code ?? "";
                Change("Department", name, department.Code, () => course.DepartmentId = department.Id);
            }

            if (lectureRow.Row is { } l)
            {
                Change("Days", course.MeetingDays, l.Days, () => course.MeetingDays = l.Days);
                Change("Start", course.MeetingStart, l.Start, () => course.MeetingStart = l.Start);
                Change("End", course.MeetingEnd, l.End, () => course.MeetingEnd = l.End);
                Change("Room", course.Location, l.Room, () => course.Location = l.Room);
            }

            if (changes.Count > 0)
            {
                kinds[courseLine] = RegistrarRowKind.Update;
                notes[courseLine].AddRange(changes);
            }
        }

        var sections = course.Id == 0 ? [] : known.Sections[course.Id].ToList();
        // Each section row's section, existing or made here, for its leaders below.
        var sectionOf = new Dictionary<long, Section>();
        foreach (var (line, row) in rows.Where(r => !IsLectureSection(r.Row.Section)))
        {
            var section = sections.FirstOrDefault(s => string.Equals(s.Name, row.Section, StringComparison.OrdinalIgnoreCase));
            var room = row.Room.Length == 0 ? null : row.Room;
            if (section is null)
            {
                kinds[line] = RegistrarRowKind.Create;
                notes[line].Add($"New section {row.Section}.");
                sectionOf[line] = new Section { Course = course, Name = row.Section, Days = row.Days, StartTime = row.Start!.Value, EndTime = row.End!.Value, Room = room };
                if (apply)
                {
                    db.Sections.Add(sectionOf[line]);
                }

                continue;
            }

            sectionOf[line] = section;

            var changes = new List<string>();
            if (section.Days != row.Days)
            {
                changes.Add($"Days: {Show(section.Days)} → {Show(row.Days)}");
            }

            if (section.StartTime != row.Start || section.EndTime != row.End)
            {
                changes.Add($"Time: {Show(section.StartTime)}–{Show(section.EndTime)} → {Show(row.Start)}–{Show(row.End)}");
            }

            if (!string.Equals(section.Room ?? "", row.Room, StringComparison.Ordinal))
            {
                changes.Add($"Room: {Show(section.Room ?? "")} → {Show(row.Room)}");
            }

            if (changes.Count > 0)
            {
                kinds[line] = RegistrarRowKind.Update;
                notes[line].AddRange(changes);
                if (apply)
                {
                    (section.Days, section.StartTime, section.EndTime, section.Room) = (row.Days, row.Start!.Value, row.End!.Value, room);
                }
            }
        }

        // Staff: everyone the course's rows list, an instructor where any row says so; on the course once, by e-mail.
        var staff = course.Id == 0 ? [] : known.Staff[course.Id].ToList();
        var listed = staff.Select(s => s.Email.ToLowerInvariant()).Where(e => e.Length > 0).ToHashSet(StringComparer.Ordinal);
        var members = staff.Where(s => s.Email.Length > 0).GroupBy(s => s.Email.ToLowerInvariant()).ToDictionary(g => g.Key, g => g.OrderBy(s => s.SortOrder).First(), StringComparer.Ordinal);
        var instructors = rows.SelectMany(r => r.Row.Instructors).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var order = staff.Count == 0 ? 0 : staff.Max(s => s.SortOrder) + 1;
        foreach (var (line, row) in rows)
        {
            foreach (var email in row.Instructors.Concat(row.Assistants.Where(a => !instructors.Contains(a))))
            {
                if (!listed.Add(email))
                {
                    continue;
                }

                var role = instructors.Contains(email) ? StaffRoles.Instructor : StaffRoles.TeachingAssistant;
                var shownRole = role == StaffRoles.Instructor ? "Instructor" : "Teaching assistant";
                if (kinds[line] == RegistrarRowKind.Unchanged)
                {
                    kinds[line] = RegistrarRowKind.Update;
                }

                known.Users.TryGetValue(email, out var user);
                if (user is not null)
                {
                    notes[line].Add($"Adds {user.DisplayName} ({email}) as {shownRole.ToLowerInvariant()}, linked to their account.");
                }
                else if (course.Id != 0 && known.PendingInvitations.Contains((course.Id, email)))
                {
                    notes[line].Add($"Adds {email} as {shownRole.ToLowerInvariant()} (their invitation is still open).");
                }
                else
                {
                    notes[line].Add($"Adds {email} as {shownRole.ToLowerInvariant()} and makes an invitation link (no account has this e-mail).");
                    invitations?.Add(new RegistrarInvitation(email, email, "", role, "", default));
                }

                if (!apply)
                {
                    continue;
                }

                var member = new StaffMember { Course = course, Name = user?.DisplayName ?? email, Role = shownRole, Email = email, UserId = user?.Id, SortOrder = order++ };
                db.StaffMembers.Add(member);
                members[email.ToLowerInvariant()] = member;
                if (user is not null && (course.Id == 0 || !known.Assignments.Contains((course.Id, user.Id))))
                {
                    db.CourseAssignments.Add(new CourseAssignment { Course = course, UserId = user.Id, Role = role, CreatedAt = clock.GetUtcNow().UtcDateTime });
                }
            }
        }

        // Leaders: the people a section's row names lead that section; added, never taken away, as staff are.
        foreach (var (line, row) in rows.Where(r => sectionOf.ContainsKey(r.Line)))
        {
            var section = sectionOf[line];
            var current = section.Id == 0 ? [] : known.Leaders.GetValueOrDefault(section.Id) ?? [];
            var adding = row.Instructors.Concat(row.Assistants).Select(e => e.ToLowerInvariant()).Distinct(StringComparer.Ordinal).Where(e => !current.Contains(e)).ToList();
            if (adding.Count == 0)
            {
                continue;
            }

            if (kinds[line] == RegistrarRowKind.Unchanged)
            {
                kinds[line] = RegistrarRowKind.Update;
            }

            notes[line].Add($"Led by {string.Join(", ", adding)}{(section.Id == 0 ? "" : " (added to its leaders)")}.");
            if (!apply)
            {
                continue;
            }

            if (section.Id != 0 && db.Entry(section).State == EntityState.Unchanged)
            {
                // Who leads it is part of the section (its version, its calendar SEQUENCE), as on the section's edit page.
                db.Entry(section).State = EntityState.Modified;
            }

            foreach (var email in adding)
            {
                var member = members[email];
                var leader = new SectionLeader();
                (leader.Section, leader.SectionId) = section.Id == 0 ? (section, 0) : (null, section.Id);
                (leader.StaffMember, leader.StaffMemberId) = member.Id == 0 ? (member, 0) : (null, member.Id);
                db.Add(leader);
            }
        }

        return rows.Select(r => new RegistrarRowOutcome(r.Line, label, r.Row.Section, kinds[r.Line],
            notes[r.Line].Count > 0 ? notes[r.Line] : kinds[r.Line] == RegistrarRowKind.Unchanged ? ["Already as the file says."] : [])).ToList();
    }

    private static string Show(object? value) => value switch
    {
        null => "(none)",
        "" => "(none)",
        string s => $"“{s}”",
        TimeOnly t => t.ToString("HH:mm", CultureInfo.InvariantCulture),
        Weekdays w => w == Weekdays.None ? "(none)" : WeekdayText.Compact(w),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>The portal's courses as registrar rows (a lecture row per course, a row per section), for <see cref="RegistrarFile.Write"/>.</summary>
    public async Task<List<RegistrarRow>> ExportAsync(string? termName, CancellationToken cancellationToken)
    {
        var courses = await db.Courses.AsNoTracking().Include(c => c.Department)
            .Where(c => termName == null || c.TermName == termName)
            .OrderBy(c => c.TermName).ThenBy(c => c.Code).ToListAsync(cancellationToken);
        var ids = courses.Select(c => c.Id).ToList();
        var sections = (await db.Sections.AsNoTracking().Where(s => ids.Contains(s.CourseId)).ToListAsync(cancellationToken)).ToLookup(s => s.CourseId);
        var staff = (await db.StaffMembers.AsNoTracking().Where(s => ids.Contains(s.CourseId) && s.Email != "").ToListAsync(cancellationToken))
            .OrderBy(s => s.SortOrder).ToLookup(s => s.CourseId);
        var leaders = (await db.Set<SectionLeader>().AsNoTracking().Where(l => ids.Contains(l.Section!.CourseId) && l.StaffMember!.Email != "")
            .Select(l => new { l.SectionId, l.StaffMemberId }).ToListAsync(cancellationToken)).ToLookup(l => l.SectionId, l => l.StaffMemberId);
        var rows = new List<RegistrarRow>();
        foreach (var c in courses)
        {
            var people = staff[c.Id].ToList();
            bool IsInstructor(StaffMember s) => s.Role.Contains("instructor", StringComparison.OrdinalIgnoreCase) || s.Role.Contains("professor", StringComparison.OrdinalIgnoreCase);
            var department = c.Department?.Code ?? "";
            rows.Add(new RegistrarRow(c.TermName, department, c.Code, c.Title, "L01", c.MeetingDays, c.MeetingStart, c.MeetingEnd, c.Location,
                people.Where(IsInstructor).Select(s => s.Email.ToLowerInvariant()).ToList(),
                people.Where(s => !IsInstructor(s)).Select(s => s.Email.ToLowerInvariant()).ToList()));
            rows.AddRange(sections[c.Id].OrderBy(s => s.Name, StringComparer.Ordinal).Select(s =>
            {
                var led = people.Where(p => leaders[s.Id].Contains(p.Id)).ToList();
                return new RegistrarRow(c.TermName, department, c.Code, c.Title, s.Name, s.Days, s.StartTime, s.EndTime, s.Room ?? "",
                    led.Where(IsInstructor).Select(p => p.Email.ToLowerInvariant()).ToList(), led.Where(p => !IsInstructor(p)).Select(p => p.Email.ToLowerInvariant()).ToList());
            }));
        }

        return rows;
    }
}

public enum RegistrarRowKind
{
    Create,
    Update,
    Unchanged,
    Error,
}

/// <summary>One course's rows of the file.</summary>
public sealed record RegistrarCourseGroup(string Term, string Code, List<RegistrarLine> Lines);

/// <summary>What one row does (or did): its kind and why, or what changes.</summary>
public sealed record RegistrarRowOutcome(long Line, string Course, string Section, RegistrarRowKind Kind, IReadOnlyList<string> Notes);

/// <summary>The preview of a whole file.</summary>
public sealed record RegistrarPlan(List<RegistrarCourseGroup> Groups, IReadOnlyList<RegistrarRowOutcome> Rows)
{
    public int Count(RegistrarRowKind kind) => Rows.Count(r => r.Kind == kind);

    public bool HasErrors => Rows.Any(r => r.Kind == RegistrarRowKind.Error);

    public bool ChangesAnything => Rows.Any(r => r.Kind is RegistrarRowKind.Create or RegistrarRowKind.Update);
}

/// <summary>An invitation a run made: shown to the admin once the run is done, as a CSV of links.</summary>
public sealed record RegistrarInvitation(string Name, string Email, string Course, string Role, string Path, DateTime ExpiresAt);
