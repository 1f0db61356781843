import sys, time
for secs in [0, 86400 * 365.5, 1700000000, 1719835200, -86400]:
    lt = time.localtime(secs)
    gt = time.gmtime(secs)
    sys.audit("difftest.value", "localtime", secs, tuple(lt), lt.tm_zone, lt.tm_gmtoff, tuple(gt), gt.tm_zone)
    sys.audit("difftest.value", "mktime", time.mktime(lt), time.ctime(secs), time.asctime(lt), time.asctime(gt))
sys.audit("difftest.value", "zone", time.timezone, time.altzone, time.daylight, time.tzname)
t = time.struct_time((2024, 3, 5, 7, 8, 9, 1, 65, 0))
sys.audit("difftest.value", "struct_time", t.tm_year, t.tm_wday, t[2], len(t))
for f in ["%Y-%m-%d %H:%M:%S", "%-d", "%_d", "%P", "%^a", "%-m/%-d", "%_H", "%#p", "%^b", "%10Y", "%-j", "%e", "%a %A %b %B %p %I %j %U %W %V %G %u %w %y %C %D %F %T %R %r %c %x %X %%"]:
    sys.audit("difftest.value", "strftime", f, time.strftime(f, t), time.strftime(f, time.localtime(1719835200)))
now = time.time_ns()
sys.audit("difftest.value", "clocks", now > 1600000000 * 10**9, time.perf_counter() <= time.perf_counter())
