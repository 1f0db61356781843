import fnmatch, glob, os, sys
os.makedirs("t/sub/deep")
for p in ["t/a.txt", "t/b.log", "t/.h.txt", "t/sub/c.txt", "t/sub/deep/d.txt"]:
    f = open(p, "w")
    f.write("x")
    f.close()
sys.audit("difftest.value", "star", sorted(glob.glob("t/*.txt")))
sys.audit("difftest.value", "rec", sorted(glob.glob("t/**/*.txt", recursive=True)))
sys.audit("difftest.value", "root", sorted(glob.glob("*", root_dir="t")))
sys.audit("difftest.value", "hidden", sorted(glob.glob("t/*", include_hidden=True)))
sys.audit("difftest.value", "literal", glob.glob("t/a.txt"), glob.glob("t/none"))
sys.audit("difftest.value", "iglob", sorted(glob.iglob("t/*/")))
sys.audit("difftest.value", "fnmatch", fnmatch.filter(["a.txt", "B.TXT", ".x.txt"], "*.txt"), fnmatch.translate("*.t[!x]t"), fnmatch.fnmatch("a/b", "a*"))
