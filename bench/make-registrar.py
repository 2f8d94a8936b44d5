#!/usr/bin/env python3
"""Writes a registrar file of N rows: N/2 courses, each a lecture row (L01) and a precept row (P01), one instructor
and one TA each (addresses no account has, so every course also makes two invitations)."""
import sys

path, rows, term = sys.argv[1], int(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else "Fall 2025"
days = ["MW", "TTh", "MWF", "F"]
with open(path, "w", encoding="utf-8", newline="") as f:
    f.write("Term,Department,Course code,Title,Section,Days,Start,End,Room,Instructors,TAs\r\n")
    for i in range(rows // 2):
        code, title = f"BEN {1000 + i}", f"Benchmark course {i}"
        start = 8 + i % 10
        f.write(f"{term},,{code},{title},L01,{days[i % 4]},{start}:00,{start}:50,Hall {i % 40},prof{i}@example.edu,ta{i}@example.edu\r\n")
        f.write(f"{term},,{code},{title},P01,Th,19:30,20:20,Room {i % 90},,ta{i}@example.edu\r\n")
