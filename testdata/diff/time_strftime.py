import sys, time
winter = time.localtime(1704117845)  # 2024-01-01 09:04:05 EST
summer = time.localtime(1720000000)  # 2024-07-03, EDT
utc = time.gmtime(951782400)         # 2000-02-29 00:00:00
fmts = ["%-d.%-m.%Y %-H:%M", "%_d|%_m|%_H|%_M|%_S", "%e %k %l", "%-e|%-k|%-l|%-I", "%P %p %^p %#p",
        "%^a %^A %^b %^B %#a %#b", "%z %Z", "%s", "%10d|%-10d|%_10d|%010d", "%3a|%5b",
        "%j %-j %_j", "%U %W %V %G %g %u %w", "%y %C %^c", "%h %n%t%%", "%D %F %T %R %r", "%x %X %c",
        "%q %Q", "", "plain text", "%"]
for f in fmts:
    sys.audit("difftest.value", "strftime", f, time.strftime(f, winter), time.strftime(f, summer), time.strftime(f, utc))
for t in [(2024, 3, 5, 7, 8, 9, 0, 65, 0), (2024, 7, 3, 5, 46, 40, 2, 185, 1), (2024, 7, 3, 5, 46, 40, 2, 185, -1),
          (2024, 7, 3, 5, 46, 40, 2, 185, 0), (2024, 12, 30, 0, 0, 0, 0, 365, 0), (2021, 1, 1, 0, 0, 0, 4, 1, 0),
          (2024, 0, 0, 0, 0, 61, 6, 0, 3), (2024, 1, 1, 0, 0, 0, -1, 1, -7)]:
    sys.audit("difftest.value", "fields", t, time.strftime("%a %A %j %U %W %V %G %g %u %w|%z|%Z|%s|%c", t), time.asctime(t), time.mktime(t))
for f in ["%-10a", "%-5p", "%_5a", "%05a", "%^10B", "%-3Y", "%_3Y", "%-1d", "%_1d", "%01d", "%-_d", "%_-d", "%0-d",
          "%3e", "%-3e", "%03e", "%-10j", "%-10s", "%_4H", "%-4y", "%8c", "%012F", "%-5%", "%5%", "%^#a", "%10P", "%#Z",
          "%Ey", "%Od", "%5Q", "%E"]:
    sys.audit("difftest.value", "flags", f, time.strftime(f, winter))
tup = (2023, 12, 31, 23, 59, 60, 6, 365, 0)
sys.audit("difftest.value", "tuple", time.strftime("%Y-%m-%d %H:%M:%S %a %j", tup))
st = time.struct_time((1999, 12, 31, 12, 0, 0, 4, 365, -1))
sys.audit("difftest.value", "struct_time", time.strftime("%A %d %B %Y %I %p", st), st.tm_isdst, tuple(st))
for bad in [(2024, 13, 1, 0, 0, 0, 0, 1, 0), (2024, 1, 1, 25, 0, 0, 0, 1, 0), (2024, 1, 1, 0, 0, 0, 0, 1),
            (2024, 1, 32, 0, 0, 0, 0, 1, 0), (2024, 1, 1, 0, 60, 0, 0, 1, 0), (2024, 1, 1, 0, 0, 62, 0, 1, 0),
            (2024, 1, 1, 0, 0, 0, -2, 1, 0), (2024, 1, 1, 0, 0, 0, 0, 367, 0), (2024, -1, 1, 0, 0, 0, 0, 1, 0), "2024"]:
    try:
        time.strftime("%Y", bad)
    except (ValueError, TypeError) as e:
        sys.audit("difftest.value", "bad", type(e).__name__, str(e))
    try:
        time.asctime(bad)
    except (ValueError, TypeError) as e:
        sys.audit("difftest.value", "bad asctime", type(e).__name__, str(e))
sys.audit("difftest.value", "now", len(time.strftime("%Y-%m-%d")), time.strftime("%Y") >= "2024")
