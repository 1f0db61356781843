import configparser, csv, logging, sys
# CPython's logging raises sys._getframe for each record (findCaller), an
# implementation detail spython does not share: switched off here, as
# logging documents (logging._srcfile = None), with no caller fields in the
# format.
logging._srcfile = None
# An INI file written by the script, read back.
cfg = configparser.ConfigParser()
cfg.read_string("[DEFAULT]\nbase = /srv\n[backup]\ndest = %(base)s/backup\nkeep = 7\n")
cfg.set("backup", "compress", "yes")
cfg.add_section("report")
cfg["report"]["title"] = "Nightly"
f = open("job.ini", "w")
cfg.write(f)
f.close()
cfg2 = configparser.ConfigParser()
sys.audit("difftest.value", "read", cfg2.read("job.ini"))
sys.audit("difftest.value", "ini", cfg2.sections(), cfg2.get("backup", "dest"), cfg2.getint("backup", "keep"), cfg2.getboolean("backup", "compress"), cfg2["report"]["title"])
sys.audit("difftest.value", "ini text", open("job.ini").read())
try:
    cfg2.get("backup", "missing")
except Exception as e:
    sys.audit("difftest.value", "no option", type(e).__name__, str(e))
# A CSV file with a dialect, written with DictWriter and read back.
out = open("hosts.csv", "w", newline="")
w = csv.DictWriter(out, fieldnames=["host", "role", "note"], delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
w.writeheader()
w.writerow({"host": "web1", "role": "web", "note": "a;b"})
w.writerows([{"host": "db1", "role": "db", "note": 'say "hi"'}, {"host": "cache", "role": "", "note": "multi\nline"}])
out.close()
sys.audit("difftest.value", "csv text", open("hosts.csv", newline="").read())
rows = [dict(r) for r in csv.DictReader(open("hosts.csv", newline=""), delimiter=";")]
sys.audit("difftest.value", "csv rows", rows)
q = open("q.csv", "w", newline="")
csv.writer(q, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows([["a", 1], ["b", 2.5]])
q.close()
sys.audit("difftest.value", "quoted", open("q.csv", newline="").read(), list(csv.reader(open("q.csv", newline=""))))
# logging to a file.
logging.basicConfig(filename="job.log", filemode="w", level=logging.DEBUG, format="%(levelname)s:%(name)s:%(message)s")
logging.debug("starting %s", "backup")
log = logging.getLogger("backup.disk")
log.info("copied %d files", 3)
log.warning("low space on %s", "/srv")
logging.getLogger("quiet").setLevel(logging.ERROR)
logging.getLogger("quiet").warning("not written")
logging.error("done")
sys.audit("difftest.value", "log", open("job.log").read())
