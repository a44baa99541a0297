"""The job server as a subprocess speaking the protocol of /work/notes/jobserver-protocol.md."""

from __future__ import annotations

import json


def test_ready_event_describes_the_runtime(server):
    ready = server.startup
    assert ready["event"] == "ready"
    assert ready["sparkVersion"].startswith("3.5.")
    assert ready["pythonVersion"].startswith("3.11")
    assert ready["master"] == "local[2]"
    assert ready["startupSeconds"] > 0


def test_ping_unknown_op_and_bad_json_keep_the_server_alive(server):
    assert server.wait_for(server.request({"op": "ping"}), "pong")["event"] == "pong"
    unknown = server.wait_for(server.request({"op": "frobnicate"}), "never")
    assert unknown["event"] == "error" and "frobnicate" in unknown["message"]
    server.send_raw("{not json")
    bad = server.next_event(timeout=30)
    assert bad["event"] == "error" and bad["id"] is None
    incomplete = server.wait_for(server.request({"op": "run", "jobRunId": "jr_x"}), "never")
    assert incomplete["event"] == "error" and "script" in incomplete["message"]
    assert server.wait_for(server.request({"op": "ping"}), "pong")["event"] == "pong"


def test_failing_script_reports_its_traceback_and_the_next_job_runs(glue):
    failed = glue.run("""
        print("before the failure")
        def load_customers():
            return {}["shareWithResearchAsOfDate"]
        load_customers()
    """, expect="FAILED")
    error = failed["error"]
    assert error["type"] == "KeyError"
    assert "shareWithResearchAsOfDate" in error["message"]
    assert error["traceback"].startswith("Traceback (most recent call last):")
    assert "load_customers" in error["traceback"]
    assert "job_server.py" not in error["traceback"]
    assert "before the failure" in failed["output"]
    assert failed["completedOn"] >= failed["startedOn"]

    after = glue.run("result('alive', spark.range(3).count())")
    assert after["results"]["alive"] == 3
    assert after["error"] is None


def test_sys_exit_codes_decide_the_state(glue):
    assert glue.run("sys.exit(0)", expect="SUCCEEDED")["error"] is None
    failed = glue.run("sys.exit(3)", expect="FAILED")
    assert failed["error"]["type"] == "SystemExit" and "3" in failed["error"]["message"]


def test_arguments_become_argv_and_each_run_has_a_fresh_namespace(glue):
    first = glue.run("""
        options = getResolvedOptions(sys.argv, ["JOB_NAME", "database"])
        result("argv", sys.argv[1:])
        result("options", {k: options[k] for k in ("JOB_NAME", "database")})
        result("run_id_seen", options["JOB_RUN_ID"].startswith("jr_"))
        result("main", __name__)
        leaked_global = 42
    """, {"--JOB_NAME": "customer_trusted", "--database": "stedi"})
    assert first["results"]["argv"][:4] == ["--JOB_NAME", "customer_trusted", "--database", "stedi"]
    assert first["results"]["options"] == {"JOB_NAME": "customer_trusted", "database": "stedi"}
    assert first["results"]["run_id_seen"] is True
    assert first["results"]["main"] == "__main__"
    second = glue.run("result('leaked', 'leaked_global' in globals())")
    assert second["results"]["leaked"] is False


def test_spark_context_is_shared_and_temp_views_do_not_leak(glue):
    first = glue.run("""
        spark.range(5).createOrReplaceTempView("leftover")
        result("partitions_before", spark.conf.get("spark.sql.shuffle.partitions"))
        spark.conf.set("spark.sql.shuffle.partitions", "17")
        result("app", sc.applicationId)
        sc.stop()
        result("still_alive", spark.range(2).count())
    """)
    second = glue.run("""
        result("app", sc.applicationId)
        result("views", [t.name for t in spark.catalog.listTables() if t.isTemporary])
        result("partitions", spark.conf.get("spark.sql.shuffle.partitions"))
    """)
    assert first["results"]["still_alive"] == 2
    assert second["results"]["app"] == first["results"]["app"]
    assert "leftover" not in second["results"]["views"]
    assert first["results"]["partitions_before"] != "17"
    assert second["results"]["partitions"] == first["results"]["partitions_before"]


def test_data_quality_outcomes_recorded_by_a_script_come_back_with_the_run(glue):
    outcome = {"Rule": "RowCount > 0", "Outcome": "Passed", "FailureReason": None,
               "EvaluatedMetrics": {"Dataset.*.RowCount": 3.0}}
    done = glue.run(f"""
        from stedi_glue.job_context import record_data_quality
        record_data_quality("Rules = [ RowCount > 0 ]", [{json.dumps(outcome).replace('null', 'None')}])
    """)
    assert done["dataQuality"] == [{"ruleset": "Rules = [ RowCount > 0 ]", "outcomes": [outcome]}]
    assert glue.run("pass")["dataQuality"] == []


def test_reset_answers_and_jobs_still_run_after_it(server, glue):
    assert server.wait_for(server.request({"op": "reset"}), "reset")["event"] == "reset"
    assert glue.run("result('n', spark.range(4).count())")["results"]["n"] == 4


def _start_and_expect_fatal(env, tmp_path):
    from conftest import JobServerProcess

    proc = JobServerProcess(env, tmp_path / "job-server.log")
    try:
        assert proc.startup["event"] == "fatal"
        assert proc.proc.wait(timeout=60) == 1
        return proc.startup
    finally:
        proc.close()


def test_without_java_the_server_says_so_and_exits_non_zero(endpoint, tmp_path):
    from conftest import base_env

    env = base_env(endpoint)
    env.pop("JAVA_HOME", None)
    env["PATH"] = str(tmp_path)  # no java anywhere
    fatal = _start_and_expect_fatal(env, tmp_path)
    assert "Java not found" in fatal["message"] and "Java 17" in fatal["message"]


def test_a_non_loopback_endpoint_is_refused(endpoint, tmp_path):
    from conftest import base_env

    env = base_env(endpoint)
    env["STEDI_AWS_ENDPOINT"] = "http://10.20.30.40:5000"
    fatal = _start_and_expect_fatal(env, tmp_path)
    assert "not a loopback address" in fatal["message"]


def test_output_written_below_sys_stdout_is_the_jobs_own(glue):
    done = glue.run("""
        import os
        print("via print")
        print("via stderr", file=sys.stderr)
        os.write(1, b"via fd 1\\n")
        os.write(2, b"via fd 2\\n")
    """)
    for text in ("via print", "via stderr", "via fd 1", "via fd 2"):
        assert text in done["output"]
    after = glue.run("print('next job')")
    assert "via fd 1" not in after["output"] and "next job" in after["output"]


def _start(server, glue, body: str) -> tuple[str, str]:
    """Starts a job without waiting for it; returns (request id, jobRunId) once it has started."""
    script = glue.script(body)
    run_id = "jr_cancel_" + script.stem
    rid = server.request({"op": "run", "jobRunId": run_id, "jobName": "loop", "script": str(script),
                          "arguments": {}, "outputEnd": "end" + run_id})
    assert server.wait_for(rid, "started", timeout=120)["event"] == "started"
    return rid, run_id


def _cancel(server, run_id: str) -> dict:
    cid = server.request({"op": "cancel", "jobRunId": run_id, "reason": "timeout", "message": "over 0.1 minutes"})
    return server.wait_for(cid, "cancelling", timeout=30)


def test_cancel_stops_a_python_loop_that_swallows_exceptions_and_the_run_is_timeout(server, glue):
    rid, run_id = _start(server, glue, """
        print("looping")
        while True:
            try:
                pass
            except Exception:
                pass
    """)
    assert server.wait_for_output("looping")  # the script itself runs, not just the server's setup
    assert _cancel(server, run_id)["active"] is True
    finished = server.wait_for(rid, "finished", timeout=60)
    assert finished["state"] == "TIMEOUT"
    assert finished["error"]["type"] == "Timeout" and finished["error"]["message"] == "over 0.1 minutes"
    assert "looping" in server.take_output("end" + run_id)
    assert glue.run("result('n', spark.range(3).count())")["results"]["n"] == 3


def test_cancel_stops_a_running_spark_action(server, glue):
    rid, run_id = _start(server, glue, """
        import time
        print("counting")
        sc.parallelize(range(2), 2).map(lambda x: time.sleep(3600)).count()
    """)
    import time
    assert server.wait_for_output("counting")
    time.sleep(3)  # let the Spark job start its tasks
    clock = time.monotonic()
    assert _cancel(server, run_id)["active"] is True
    finished = server.wait_for(rid, "finished", timeout=60)
    assert finished["state"] == "TIMEOUT"
    assert time.monotonic() - clock < 30
    server.take_output("end" + run_id)
    after = glue.run("result('active', list(sc.statusTracker().getActiveJobsIds()))")
    assert after["results"]["active"] == []


def test_cancel_of_a_job_not_running_is_answered_and_changes_nothing(server, glue):
    assert _cancel(server, "jr_not_running")["active"] is False
    assert glue.run("print('fine')")["state"] == "SUCCEEDED"
