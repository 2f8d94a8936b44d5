#!/usr/bin/env python3
"""Writes a course export (zip) with LECTURES lectures and two link materials each, for the large-course benchmark."""
import datetime, json, sys, zipfile

def main(path: str, lectures: int) -> None:
    start = datetime.date(2026, 1, 5)
    items, materials = [], []
    for i in range(lectures):
        key = f"lecture-{i + 1}"
        day = start + datetime.timedelta(days=(i // 2) * 7 + (0 if i % 2 == 0 else 2))
        items.append({"key": key, "date": day.isoformat(), "startTime": None, "endTime": None, "room": None,
                      "topic": f"Topic {i + 1}: a generated lecture about subject number {i + 1}", "notes": f"Notes for lecture {i + 1} with **bold** text.",
                      "status": "Scheduled", "cancellationNote": ""})
        for j in range(2):
            materials.append({"lecture": key, "title": f"Reading {j + 1}", "kind": "Link", "url": f"https://example.edu/{i}/{j}",
                              "fileName": None, "fileSha256": None, "fileSize": None, "contentType": None, "isDraft": False,
                              "visibleFrom": None, "sortOrder": j, "versions": []})
    end = start + datetime.timedelta(days=(lectures // 2) * 7 + 7)
    doc = {"format": "course-portal-course", "formatVersion": 1,
           "course": {"slug": "large-course", "code": "BIG", "title": "A large generated course", "termName": "Bench term",
                      "termStart": start.isoformat(), "termEnd": end.isoformat(), "timeZoneId": "America/New_York", "location": "Hall 1",
                      "meetingDays": "Monday, Wednesday", "meetingStart": "10:00:00", "meetingEnd": "11:20:00",
                      "description": "Generated for benchmarks.", "prerequisites": "", "isPublished": True},
           "holidays": [], "staff": [{"name": "Bench Instructor", "role": "Instructor", "email": "bench@example.edu", "sortOrder": 0, "officeHours": []}],
           "lectures": items, "materials": materials, "announcements": []}
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("course.json", json.dumps(doc))

if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 500)
