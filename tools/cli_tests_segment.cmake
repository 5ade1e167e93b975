# `heteroscope segment` and `heteroscope profile`: usage errors, missing stores, bad recipes
# (the message names the file and the member), and the good path on the small xrdct-lmo sample.
hs_cli_test("segment without -o" TRUE "missing -o LABELS.zarr" segment x.zarr)
hs_cli_test("segment of a missing store" TRUE "/nonexistent/x.zarr: no such store"
            segment /nonexistent/x.zarr -o l.zarr)
hs_cli_test("segment with a bad threshold option" TRUE "--threshold must be auto, valid, otsu, manual:V or multi-otsu:K:F"
            segment x.zarr -o l.zarr --threshold triangle)
hs_cli_test("segment with a missing recipe file" TRUE "/nonexistent/r.json: cannot open"
            segment x.zarr -o l.zarr --recipe /nonexistent/r.json)
hs_cli_file_test("segment with a recipe of an unknown threshold kind" "bad.json: threshold.kind: must be one of .*exit 1"
  "cd $(mktemp -d) && echo '{\"threshold\": {\"kind\": \"triangle\"}}' > bad.json && ${HS_CLI} segment x.zarr -o l.zarr --recipe bad.json; echo exit $?")
hs_cli_file_test("segment with a recipe that is no JSON" "broken.json: .*exit 1"
  "cd $(mktemp -d) && echo '{\"fill_holes\": true,' > broken.json && ${HS_CLI} segment x.zarr -o l.zarr --recipe broken.json; echo exit $?")
hs_cli_file_test("segment of a group that is no image" "x.zarr: .*exit 1"
  "cd $(mktemp -d) && mkdir x.zarr && echo '{\"zarr_format\":3,\"node_type\":\"group\"}' > x.zarr/zarr.json && ${HS_CLI} segment x.zarr -o l.zarr; echo exit $?")
hs_cli_test("profile without --by" TRUE "missing --by depth\\|normalized-depth\\|radius"
            profile x.zarr --labels l.zarr -o p.csv)
hs_cli_test("profile by depth without --shell" TRUE "--by depth needs --shell W"
            profile x.zarr --labels l.zarr --by depth -o p.csv)
hs_cli_test("profile of a missing store" TRUE "/nonexistent/x.zarr: no such store"
            profile /nonexistent/x.zarr --labels l.zarr --by radius --shell 1 -o p.csv)
hs_cli_file_test("segment and profile the xrdct-lmo sample"
  "particles +[1-9][0-9]* \\(.*wrote p.csv.*CSV label,time,time_label,channel,channel_label,profile,shell,shell_start_um,shell_end_um,voxels,count,mean,std,median,fraction_out_of_range,value_unit.*ROW 1,0,pristine,0,lattice parameter,normalized-depth,0,.*already there.*exit 1"
  "cd $(mktemp -d) && ${HS_CLI} sample xrdct-lmo --size small -o x.zarr >/dev/null && ${HS_CLI} segment x.zarr -o l.zarr && ${HS_CLI} profile x.zarr --labels l.zarr --by depth --shell 2 -o p.csv && echo wrote p.csv && echo CSV $(head -1 p.csv) && ${HS_CLI} profile x.zarr --labels l.zarr --by normalized-depth --shells 4 --label 1 -o q.csv && echo ROW $(sed -n 2p q.csv) && ${HS_CLI} segment x.zarr -o l.zarr; echo exit $?")
hs_cli_file_test("profile of labels that match no level" "l.zarr: its 12×64×64 voxels match no level of y.zarr.*exit 1"
  "cd $(mktemp -d) && ${HS_CLI} sample xrdct-lmo --size small -o x.zarr >/dev/null && ${HS_CLI} sample tomo-ncm111 --size small -o y.zarr >/dev/null && ${HS_CLI} segment x.zarr -o l.zarr >/dev/null && ${HS_CLI} profile y.zarr --labels l.zarr --by radius --shell 1 -o p.csv; echo exit $?")
