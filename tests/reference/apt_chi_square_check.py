# Reference for tests/analysis/apt/chi_square_native_test.cpp: chi-square statistics and survival
# functions from scipy on the tables and points the test wrote (JSON in argv[1]); prints one JSON line.
import json
import sys

from scipy import special, stats

with open(sys.argv[1]) as f:
    request = json.load(f)

tables = []
for t in request["tables"]:
    chi2, p = stats.chisquare(t["observed"], t["expected"], ddof=t["ddof"])
    tables.append({"chi2": float(chi2), "p": float(p)})
sf = [float(stats.chi2.sf(x, dof)) for x, dof in request["chi2_sf"]]
q = [float(special.gammaincc(a, x)) for a, x in request["gamma_q"]]
lg = [float(special.gammaln(a)) for a in request["log_gamma"]]
print(json.dumps({"tables": tables, "chi2_sf": sf, "gamma_q": q, "log_gamma": lg}))
