import sys, time
time.sleep(0)
time.sleep(0.01)
for bad in (-1, "x"):
    try:
        time.sleep(bad)
    except (ValueError, TypeError) as e:
        sys.audit("difftest.value", "sleep", type(e).__name__, str(e))
t0, m0, p0, n0 = time.time(), time.monotonic(), time.perf_counter(), time.time_ns()
time.sleep(0.02)
sys.audit("difftest.value", "clocks", type(t0).__name__, type(n0).__name__, time.time() - t0 >= 0.015,
          time.monotonic() - m0 >= 0.015, time.perf_counter() - p0 >= 0.015, time.time_ns() - n0 >= 15000000,
          abs(n0 / 1e9 - t0) < 1)
now = time.localtime()
sys.audit("difftest.value", "now", len(now), len(time.gmtime()), len(time.gmtime(None)), len(time.ctime()), len(time.ctime(None)),
          len(time.asctime()), abs(time.mktime(now) - time.time()) < 2, now.tm_zone in time.tzname)
for secs in (1700000000.9, -1.5, 0):
    sys.audit("difftest.value", "floor", secs, tuple(time.gmtime(secs)), time.ctime(secs), time.mktime(time.localtime(secs)))
st = time.struct_time([2024, 2, 29, 12, 30, 0, 3, 60, -1])
sys.audit("difftest.value", "struct", tuple(st), st.tm_zone, st.tm_gmtoff, st.tm_mon, st[-1], list(st[:3]))
for bad in ("x", float("nan"), 1e20):
    try:
        time.localtime(bad)
    except (TypeError, ValueError, OverflowError) as e:
        sys.audit("difftest.value", "localtime", type(e).__name__, str(e))
for bad in ((2024, 1, 1), "2024", [2024, 1, 1, 0, 0, 0, 0, 1, 0]):
    try:
        sys.audit("difftest.value", "mktime", time.mktime(bad))
    except TypeError as e:
        sys.audit("difftest.value", "mktime", type(e).__name__, str(e))
for bad in ((1, 2), [1] * 12):
    try:
        time.struct_time(bad)
    except TypeError as e:
        sys.audit("difftest.value", "struct_time", type(e).__name__, str(e))
st = time.struct_time((2024, 1, 1, 0, 0, 0, 0, 1, 0, "XYZ", 3600))
sys.audit("difftest.value", "zone", st.tm_zone, st.tm_gmtoff, len(st), time.strftime("%Z %z", st))
