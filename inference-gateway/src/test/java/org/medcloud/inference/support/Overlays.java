package org.medcloud.inference.support;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.restassured.path.json.JsonPath;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/** Test helpers: wait for a job, check every overlay pixel of the synthetic series. */
public final class Overlays {

    private Overlays() {
    }

    public static JsonPath await(String jobId) throws InterruptedException {
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonPath j = given().when().get("/api/inference/jobs/" + jobId).then().statusCode(200).extract().jsonPath();
            String s = j.getString("status");
            if (s.equals("succeeded") || s.equals("failed")) {
                return j;
            }
            Thread.sleep(100);
        }
        fail("job " + jobId + " did not finish within 90 s");
        return null;
    }

    public static String submit(Map<String, Object> body) {
        return given().contentType("application/json").body(body).when().post("/api/inference/jobs").then().statusCode(202)
                .extract().jsonPath().getString("jobId");
    }

    /** Every pixel of every instance: opaque-ish legend colour exactly on the boxes, transparent elsewhere. */
    public static void assertOverlaysMatchTheBoxes(String jobId, JsonPath job) throws Exception {
        Map<Integer, List<Integer>> colours = new java.util.HashMap<>();
        for (Map<String, Object> l : job.<Map<String, Object>>getList("legend")) {
            @SuppressWarnings("unchecked")
            List<Integer> c = (List<Integer>) l.get("color");
            colours.put((Integer) l.get("value"), c);
        }
        assertEquals(SyntheticSeries.N, job.getList("overlays").size());
        int labelledInstances = 0;
        for (int n = 1; n <= SyntheticSeries.N; n++) {
            byte[] png = given().when().get("/api/inference/jobs/" + jobId + "/overlays/" + SyntheticSeries.sop(n) + ".png")
                    .then().statusCode(200).contentType("image/png").extract().asByteArray();
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
            assertEquals(SyntheticSeries.COLS, img.getWidth());
            assertEquals(SyntheticSeries.ROWS, img.getHeight());
            int k = SyntheticSeries.k(n);
            boolean any = false;
            for (int r = 0; r < SyntheticSeries.ROWS; r++) {
                for (int c = 0; c < SyntheticSeries.COLS; c++) {
                    int argb = img.getRGB(c, r);
                    int alpha = argb >>> 24;
                    int expected = SyntheticSeries.expectedLabel(c, r, k);
                    if (expected == 0) {
                        assertEquals(0, alpha, "instance " + n + " pixel (" + c + "," + r + ") must be transparent");
                    } else {
                        any = true;
                        List<Integer> col = colours.get(expected);
                        assertEquals(col.get(3), alpha, "instance " + n + " pixel (" + c + "," + r + ") alpha");
                        assertEquals(col.get(0), (argb >> 16) & 0xff, "instance " + n + " pixel (" + c + "," + r + ") red");
                        assertEquals(col.get(1), (argb >> 8) & 0xff);
                        assertEquals(col.get(2), argb & 0xff);
                    }
                }
            }
            labelledInstances += any ? 1 : 0;
        }
        assertEquals(7, labelledInstances, "the liver box spans k = 2..8");
    }
}
