import time
from conftest import BUCKET, put_lines


def test_smoke(glue, server, aws, prefix):
    print("startup", server.startup)
    path = put_lines(aws, f"{prefix}/in/a.json", [{"a": 1, "B": "x"}, {"a": 2}])
    t = time.time()
    done = glue.run(f"""
        import time
        t0 = time.time()
        f = glueContext.create_dynamic_frame.from_options(connection_type="s3", format="json",
              connection_options={{"paths": ["{path}"]}})
        result("read", time.time() - t0)
        result("count", f.count())
        result("t_count", time.time() - t0)
        result("cols", f.toDF().columns)
        f.printSchema()
        f.show()
        result("t_show", time.time() - t0)
    """)
    print(done["output"], done["executionSeconds"], time.time() - t)
    done = glue.run("result('x', 1)")
    print(done["executionSeconds"])
    assert done["results"]["x"] == 1
