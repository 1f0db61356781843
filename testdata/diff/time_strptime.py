import sys, time
for s, f in [("2024-03-05 07:08:09", "%Y-%m-%d %H:%M:%S"), ("Tue Mar  5 07:08:09 2024", "%a %b %d %H:%M:%S %Y"),
             ("05/03/24", "%d/%m/%y"), ("March 5 2024 7:08 PM", "%B %d %Y %I:%M %p"), ("2024 065", "%Y %j"),
             ("12:00 AM", "%I:%M %p"), ("2024-03-05T07:08:09+0130", "%Y-%m-%dT%H:%M:%S%z"), ("1999", "%Y")]:
    st = time.strptime(s, f)
    sys.audit("difftest.value", "strptime", s, tuple(st), st.tm_gmtoff)
sys.audit("difftest.value", "default", tuple(time.strptime("Tue Mar  5 07:08:09 2024")))
for s, f in [("2024-13-01", "%Y-%m-%d"), ("2024-03-05 extra", "%Y-%m-%d"), ("x", "%Y"), ("2023-02-30", "%Y-%m-%d")]:
    try:
        time.strptime(s, f)
    except ValueError as e:
        sys.audit("difftest.value", "error", s, type(e).__name__, str(e))
