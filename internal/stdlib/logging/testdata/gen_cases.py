"""Writes cases.json: what CPython 3.11's logging writes for each case,
with the clock fixed at 1709647629.123456 and TZ=UTC (the Go test fixes
the same). StringIO stands for a stream. Run from this directory."""
import os, sys, time, types
os.environ["TZ"] = "UTC"
time.tzset()
sys.path.insert(0, "../../core/coretest")
import gen

PRELUDE = """import logging, time, types
from io import StringIO
logging.time = types.SimpleNamespace(time=lambda: 1709647629.123456, time_ns=lambda: 1709647629123456000, localtime=time.localtime, strftime=time.strftime)
"""

def case(n, body, fmt="", level="logging.DEBUG", extra=""):
    setup = "s = StringIO()\nlogging.basicConfig(stream=s, force=True, level=%s%s%s)\n%s" % (
        level, (", format=%r" % fmt) if fmt else "", extra, body)
    return (setup, "s.getvalue()")

CASES = [
    case(1, "logging.debug('d')\nlogging.info('i %s %d', 'a', 5)\nlogging.warning('w')\nlogging.error('e')\nlogging.critical('c')"),
    case(2, "logging.debug('hidden')\nlogging.info('hidden')\nlogging.warning('shown')", level="logging.WARNING"),
    case(3, "logging.info('x')", level="'INFO'"),
    case(4, "logging.info('msg %s', 'v')", fmt="%(asctime)s %(levelname)s %(name)s: %(message)s"),
    case(5, "logging.warning('t')", fmt="%(asctime)s|%(message)s", extra=", datefmt='%Y/%m/%d %H:%M'"),
    case(6, "logging.error('pad')", fmt="[%(levelname)-8s] %(name)10s %(levelno)03d %(message)r"),
    case(7, "lg = logging.getLogger('app7')\nlg.info('from app')\nlogging.getLogger('app7.db').debug('child')"),
    case(8, "logging.getLogger('app8').setLevel(logging.ERROR)\nc = logging.getLogger('app8.db')\nc.warning('dropped')\nc.error('kept %(k)s', {'k': 1})\ns.write(str(c.getEffectiveLevel()) + ' ' + str(c.isEnabledFor(logging.WARNING)) + '\\n')"),
    case(9, "logging.exception('boom')\nlogging.log(logging.INFO, 'via log %d', 3)\nlogging.getLogger('app9').log(25, 'custom')"),
    case(10, "logging.info('%d%%', 50)\nlogging.info('no args %s')", fmt="%(message)s %%"),
    case(11, "logging.info('t')", fmt="%(created)f %(msecs)d %(levelno)s"),
    ("", "[logging.getLevelName(10), logging.getLevelName('INFO'), logging.getLevelName(11), logging.DEBUG, logging.WARN, logging.FATAL, logging.BASIC_FORMAT]"),
    ("", "logging.getLogger('x.y').name + ' ' + logging.getLogger().name"),
    ("", "logging.basicConfig(bogus=1)"),
]
gen.write(CASES, PRELUDE, "cases.json")
