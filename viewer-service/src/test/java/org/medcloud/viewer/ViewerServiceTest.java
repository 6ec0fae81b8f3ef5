package org.medcloud.viewer;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medcloud.dicom.DicomObject;
import org.medcloud.dicom.DicomReader;
import org.medcloud.dicom.Tags;
import org.medcloud.dicom.pixel.Frames;
import org.medcloud.dicom.render.RenderOptions;
import org.medcloud.dicom.render.RenderedFrame;
import org.medcloud.dicom.render.Renderer;
import org.medcloud.storage.ObjectStorage;
import org.medcloud.testing.PostgresTestResource;
import org.medcloud.testing.S3ProxyTestResource;

/** Catalogue, reading, rendering and DICOMweb against real S3 (S3Proxy) and PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(S3ProxyTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class ViewerServiceTest {

    static final String CT_STUDY = "1.3.6.1.4.1.5962.1.1.0.0.0.1196530851.28319.0.1";
    static final String CT_SERIES = "1.3.6.1.4.1.5962.1.1.0.0.0.1196530851.28319.0.2";
    static final String MIX_STUDY = "1.2.826.0.1.3680043.8.498.7000";
    static final String MIX_SERIES = "1.2.826.0.1.3680043.8.498.7001";
    static final String[] CT_FILES_BY_POSITION = {"ct_series_pydicom_inst018.dcm", "ct_series_pydicom_inst180.dcm",
        "ct_series_pydicom_inst181.dcm", "ct_series_pydicom_inst182.dcm"};

    static StoredSeriesFixture.Built ct;
    static StoredSeriesFixture.Built mix;

    @Inject
    ObjectStorage storage;

    @Inject
    org.medcloud.viewer.render.RenderWarmup warmup;

    @Inject
    io.micrometer.core.instrument.MeterRegistry meters;

    @Inject
    org.medcloud.viewer.catalog.CatalogRepository catalog;

    @BeforeEach
    void storeAndRegister() throws Exception {
        if (ct == null) {
            // ZIP order (and index order) deliberately not the display order; two entries deflated
            ct = new StoredSeriesFixture()
                    .add("ct_series_pydicom_inst181.dcm", false)
                    .add("ct_series_pydicom_inst018.dcm", true)
                    .add("ct_series_pydicom_inst182.dcm", true)
                    .add("ct_series_pydicom_inst180.dcm", false)
                    .collection("LIDC-TEST")
                    .store(storage);
            mix = new StoredSeriesFixture()
                    .add("us_multiframe_jpeg_baseline_ybr422_pydicom.dcm", false)
                    .add("bad_mr_truncated_pixeldata_pydicom.dcm", false)
                    .add("dx_monochrome1_highdicom.dcm", true)
                    .as(MIX_STUDY, MIX_SERIES, "MIX-1", "OT")
                    .collection("MIXED")
                    .store(storage);
            given().contentType("application/json").body(Map.of("indexKey", ct.indexKey()))
                    .post("/api/viewer/catalog").then().statusCode(201)
                    .body("seriesInstanceUid", equalTo(CT_SERIES)).body("instances", equalTo(4));
            given().contentType("application/json").body(Map.of("indexKey", mix.indexKey()))
                    .post("/api/viewer/catalog").then().statusCode(201);
        }
    }

    static String sop(String file) throws Exception {
        return DicomReader.readHeader(StoredSeriesFixture.file(file)).getString(Tags.SOPInstanceUID);
    }

    // ------------------------------------------------------------------ catalogue

    @Test
    void startUpWarmUpRendersAStoredSeriesFirstImageAsTheUiAsksForIt() {
        // one stored series here starts with a truncated image: the warm-up goes on to the next series
        String sop = warmup.run().orElseThrow(() -> new AssertionError("stored series exist, so one image must be rendered")).sopUid();
        String series = catalog.instance(sop).orElseThrow().seriesUid();
        double hits = renderedCacheHits();
        given().when().get(previewUrl(series)).then().statusCode(200).contentType("image/png");
        assertEquals(hits + 1, renderedCacheHits(), 0.0, "the UI's first request after the warm-up is a cache hit");
    }

    @Test
    void aNewlyRegisteredSeriesHasItsFirstImageRenderedBeforeAnyoneAsks() throws Exception {
        String series = "1.2.826.0.1.3680043.8.498.7101";
        StoredSeriesFixture.Built mr = new StoredSeriesFixture()
                .add("mr_explicit_le_small_pydicom.dcm", false)
                .as("1.2.826.0.1.3680043.8.498.7100", series, "PRERENDER-1", "MR")
                .store(storage);
        double size = renderedCacheSize();
        given().contentType("application/json").body(Map.of("indexKey", mr.indexKey()))
                .post("/api/viewer/catalog").then().statusCode(201);
        long deadline = System.currentTimeMillis() + 10_000;
        while (renderedCacheSize() < size + 1 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        double hits = renderedCacheHits();
        given().when().get(previewUrl(series)).then().statusCode(200).contentType("image/png");
        assertEquals(hits + 1, renderedCacheHits(), 0.0, "the preview of a just registered series comes from the cache");
    }

    /** The URL web-ui/src/app/viewer/preview.ts builds from the series detail. */
    private static String previewUrl(String series) {
        Map<String, Object> first = given().when().get("/api/viewer/series/" + series).then().statusCode(200)
                .extract().path("instances[0]");
        Object w = first.get("windowWidth"), c = first.get("windowCenter");
        String query = w instanceof Number ww && c instanceof Number cc && ww.doubleValue() > 0
                ? "window=" + ww + "&level=" + cc + "&format=png" : "format=png";
        return "/api/viewer/instances/" + first.get("sopInstanceUid") + "/rendered?" + query;
    }

    private double renderedCacheSize() {
        return meters.get("cache.size").tag("cache", "viewer.rendered").gauge().value();
    }

    private double renderedCacheHits() {
        return meters.get("cache.gets").tag("cache", "viewer.rendered").tag("result", "hit").functionCounter().count();
    }

    @Test
    void registrationIsIdempotentAndValidated() {
        given().contentType("application/json").body(Map.of("indexKey", ct.indexKey()))
                .post("/api/viewer/catalog").then().statusCode(200).body("changed", equalTo(false));
        given().contentType("application/json").body(Map.of("indexKey", "tcia/x/y/1.2/1.3.index.json"))
                .post("/api/viewer/catalog").then().statusCode(404).contentType("application/problem+json");
        given().contentType("application/json").body(Map.of("indexKey", "tcia/../etc/passwd"))
                .post("/api/viewer/catalog").then().statusCode(400).body("field", equalTo("indexKey"));
    }

    @Test
    void listFiltersAndPages() {
        given().queryParam("collection", "LIDC-TEST").queryParam("modality", "CT").get("/api/viewer/series").then().statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].seriesInstanceUid", equalTo(CT_SERIES))
                .body("items[0].instanceCount", equalTo(4))
                .body("items[0].collection", equalTo("LIDC-TEST"));
        given().queryParam("collection", "MIXED").queryParam("patientId", "MIX-1").get("/api/viewer/series").then()
                .body("total", equalTo(1)).body("items[0].seriesInstanceUid", equalTo(MIX_SERIES));
        given().queryParam("studyInstanceUid", CT_STUDY).queryParam("modality", "CT").get("/api/viewer/series").then()
                .body("total", equalTo(1));
        given().queryParam("q", "lidc-test").get("/api/viewer/series").then().body("total", equalTo(1));
        int total = given().get("/api/viewer/series").then().statusCode(200).extract().path("total");
        assertTrue(total >= 2);
        given().queryParam("limit", 1).queryParam("offset", 1).get("/api/viewer/series").then()
                .body("total", equalTo(total)).body("items", hasSize(1));
        given().queryParam("limit", 0).get("/api/viewer/series").then().statusCode(400).body("field", equalTo("limit"));
    }

    @Test
    void seriesDetailIsInDisplayOrder() {
        List<Integer> numbers = given().get("/api/viewer/series/" + CT_SERIES).then().statusCode(200)
                .body("studyInstanceUid", equalTo(CT_STUDY))
                .body("instances", hasSize(4))
                .extract().jsonPath().getList("instances.instanceNumber", Integer.class);
        // instance 18 lies 200 mm away from 180..182: geometry first, then instance number
        assertEquals(List.of(18, 180, 181, 182), numbers);
    }

    @Test
    void unknownAndInvalidUids() {
        given().get("/api/viewer/series/1.2.3.4.5").then().statusCode(404).contentType("application/problem+json");
        given().get("/api/viewer/series/not-a-uid").then().statusCode(400).contentType("application/problem+json");
        given().get("/api/viewer/instances/1.2.3.4.5/rendered").then().statusCode(404);
        given().get("/dicomweb/studies/" + CT_STUDY + "/series/1.2.3.9/metadata").then().statusCode(404);
        given().get("/dicomweb/studies/1.2.3.9/series/" + CT_SERIES).then().statusCode(404);
    }

    // ------------------------------------------------------------------ rendering

    @Test
    void renderedPixelsEqualTheLibraryRender() throws Exception {
        DicomObject d = DicomReader.read(StoredSeriesFixture.file("ct_series_pydicom_inst018.dcm"));
        String sop = d.getString(Tags.SOPInstanceUID);
        assertPixels(Renderer.render(d, 1, RenderOptions.defaults().window(-600, 1500)),
                get("/api/viewer/instances/" + sop + "/rendered?preset=lung", "image/png"));
        assertPixels(Renderer.render(d, 1, RenderOptions.defaults().window(40, 400).maxSize(128)),
                get("/api/viewer/instances/" + sop + "/rendered?window=400&level=40&size=128", "image/png"));
        assertPixels(Renderer.render(d, 1, RenderOptions.defaults()),
                get("/api/viewer/instances/" + sop + "/rendered", "image/png"));
        byte[] jpeg = get("/api/viewer/instances/" + sop + "/rendered?preset=bone&format=jpeg&quality=80",
                "image/jpeg");
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertEquals(d.getInt(Tags.Columns, 0), img.getWidth());
        // DICOMweb rendered: same pixels for the same window
        assertPixels(Renderer.render(d, 1, RenderOptions.defaults().window(-600, 1500)),
                get("/dicomweb/studies/" + CT_STUDY + "/series/" + CT_SERIES + "/instances/" + sop
                        + "/rendered?window=-600,1500,linear", "image/png"));
    }

    @Test
    void renderingValidatesParameters() throws Exception {
        String sop = sop("ct_series_pydicom_inst018.dcm");
        given().get("/api/viewer/instances/" + sop + "/rendered?preset=nope").then().statusCode(400)
                .body("field", equalTo("preset"));
        given().get("/api/viewer/instances/" + sop + "/rendered?window=400").then().statusCode(400);
        given().get("/api/viewer/instances/" + sop + "/rendered?size=99999").then().statusCode(400)
                .body("field", equalTo("size"));
        given().get("/api/viewer/instances/" + sop + "/rendered?frame=2").then().statusCode(404);
        given().get("/api/viewer/instances/" + sop + "/rendered?frame=abc").then().statusCode(400)
                .body("field", equalTo("frame"));
        given().get("/dicomweb/studies/" + CT_STUDY + "/series/" + CT_SERIES + "/instances/" + sop
                + "/rendered?window=a,b").then().statusCode(400).body("field", equalTo("window"));
    }

    @Test
    void etagAndNotModified() throws Exception {
        String sop = sop("ct_series_pydicom_inst180.dcm");
        ExtractableResponse<Response> first = given().get("/api/viewer/instances/" + sop + "/rendered?preset=brain")
                .then().statusCode(200)
                .header("Cache-Control", containsString("immutable"))
                .header("ETag", notNullValue()).extract();
        String etag = first.header("ETag");
        given().header("If-None-Match", etag).get("/api/viewer/instances/" + sop + "/rendered?preset=brain").then()
                .statusCode(304).header("ETag", equalTo(etag));
        given().header("If-None-Match", etag).get("/api/viewer/instances/" + sop + "/rendered?preset=lung").then()
                .statusCode(200);
        given().get("/api/viewer/series/" + CT_SERIES + "/thumbnail").then().statusCode(200)
                .contentType("image/png").header("ETag", notNullValue());
    }

    @Test
    void undecodableInstanceIs422() throws Exception {
        String bad = sop("bad_mr_truncated_pixeldata_pydicom.dcm");
        given().get("/api/viewer/instances/" + bad + "/rendered").then().statusCode(422)
                .contentType("application/problem+json").body("detail", containsString(bad));
        // the other instances of the same series still render (JPEG baseline multi-frame, frame 2)
        String us = sop("us_multiframe_jpeg_baseline_ybr422_pydicom.dcm");
        given().get("/api/viewer/instances/" + us + "/rendered?frame=2").then().statusCode(200)
                .contentType("image/png");
    }

    // ------------------------------------------------------------------ DICOMweb

    @Test
    void qidoSearches() throws Exception {
        given().queryParam("Modality", "CT").queryParam("PatientID", ct.index().get("patientId").asText())
                .get("/dicomweb/series").then().statusCode(200)
                .contentType("application/dicom+json")
                .body("$", hasSize(1))
                .body("[0].'0020000E'.Value[0]", equalTo(CT_SERIES))
                .body("[0].'0020000D'.Value[0]", equalTo(CT_STUDY))
                .body("[0].'00201209'.Value[0]", equalTo(4))
                .body("[0].'00081190'.Value[0]", startsWith("http"));
        given().queryParam("SeriesInstanceUID", CT_SERIES).get("/dicomweb/series").then().body("$", hasSize(1));
        given().queryParam("Modality", "MG").get("/dicomweb/series").then().statusCode(200).body("$", hasSize(0));
        given().queryParam("PatientID", "MIX*").get("/dicomweb/studies").then().statusCode(200)
                .body("$", hasSize(1)).body("[0].'0020000D'.Value[0]", equalTo(MIX_STUDY))
                .body("[0].'00201208'.Value[0]", equalTo(3));
        given().queryParam("ModalitiesInStudy", "OT").get("/dicomweb/studies").then().body("$", hasSize(1));
        given().queryParam("limit", 1).queryParam("offset", 1).get("/dicomweb/studies").then().body("$", hasSize(1));
        given().queryParam("Modality", "CT").get("/dicomweb/studies/" + CT_STUDY + "/series").then()
                .body("$", hasSize(1));
        List<String> sops = given().queryParam("includefield", "all")
                .get("/dicomweb/studies/" + CT_STUDY + "/series/" + CT_SERIES + "/instances").then().statusCode(200)
                .contentType("application/dicom+json").body("$", hasSize(4))
                .extract().jsonPath().getList("collect { it.'00080018'.Value[0] }", String.class);
        assertEquals(List.of(sop(CT_FILES_BY_POSITION[0]), sop(CT_FILES_BY_POSITION[1]), sop(CT_FILES_BY_POSITION[2]),
                sop(CT_FILES_BY_POSITION[3])), sops);
        given().queryParam("InstanceNumber", 181).get("/dicomweb/studies/" + CT_STUDY + "/series/" + CT_SERIES
                + "/instances").then().body("$", hasSize(1));
        given().queryParam("NoSuchKey", "x").get("/dicomweb/series").then().statusCode(400)
                .body("field", equalTo("NoSuchKey"));
        given().queryParam("AccessionNumber", "A1").queryParam("SeriesDate", "20200101").get("/dicomweb/series").then()
                .statusCode(200).header("Warning", containsString("AccessionNumber"));
    }

    @Test
    void seriesMetadataIsDicomJsonWithBulkDataUris() throws Exception {
        String url = "/dicomweb/studies/" + CT_STUDY + "/series/" + CT_SERIES + "/metadata";
        ExtractableResponse<Response> r = given().accept("application/dicom+json").get(url).then().statusCode(200)
                .contentType("application/dicom+json")
                .body("$", hasSize(4))
                .body("[0].'00080018'.vr", equalTo("UI"))
                .body("[0].'00100020'.Value[0]", notNullValue())
                .body("[0].'7FE00010'.BulkDataURI", containsString("/bulkdata/7FE00010"))
                .extract();
        List<String> sops = r.jsonPath().getList("collect { it.'00080018'.Value[0] }", String.class);
        assertEquals(sop(CT_FILES_BY_POSITION[0]), sops.get(0));
        DicomObject h = DicomReader.readHeader(StoredSeriesFixture.file(CT_FILES_BY_POSITION[0]));
        assertEquals(h.getString(Tags.PatientID), r.jsonPath().getString("[0].'00100020'.Value[0]"));
        assertEquals(h.getInt(Tags.Rows, 0), r.jsonPath().getInt("[0].'00280010'.Value[0]"));
        String etag = r.header("ETag");
        given().header("If-None-Match", etag).get(url).then().statusCode(304);
        // prepared gzip copy for clients that accept it; identity otherwise (different strong ETags)
        assertEquals("gzip", r.header("Content-Encoding"));
        ExtractableResponse<Response> plain = given().config(io.restassured.config.RestAssuredConfig.config().decoderConfig(
                io.restassured.config.DecoderConfig.decoderConfig().noContentDecoders())).get(url).then()
                .statusCode(200).body("$", hasSize(4)).extract();
        assertEquals(null, plain.header("Content-Encoding"));
        assertTrue(!etag.equals(plain.header("ETag")));
        // instance metadata
        given().get("/dicomweb/studies/" + CT_STUDY + "/series/" + CT_SERIES + "/instances/" + sops.get(2)
                + "/metadata").then().statusCode(200).contentType("application/dicom+json")
                .body("$", hasSize(1)).body("[0].'00080018'.Value[0]", equalTo(sops.get(2)));
        // bulk data of Pixel Data (the frames)
        String bulk = r.jsonPath().getString("[1].'7FE00010'.BulkDataURI");
        Response b = given().get(bulk.substring(bulk.indexOf("/dicomweb/")));
        assertEquals(200, b.statusCode());
        List<Multiparts.Part> parts = Multiparts.parse(b.contentType(), b.asByteArray());
        DicomObject full = DicomReader.read(StoredSeriesFixture.file(CT_FILES_BY_POSITION[1]));
        assertArrayEquals(Frames.rawFrame(full, 1), parts.get(0).body());
    }

    @Test
    void retrieveInstancesAsMultipartDicom() throws Exception {
        String sop = sop("ct_series_pydicom_inst018.dcm"); // stored deflated in the ZIP
        Response r = given().accept("multipart/related; type=\"application/dicom\"")
                .get("/dicomweb/studies/" + CT_STUDY + "/series/" + CT_SERIES + "/instances/" + sop);
        assertEquals(200, r.statusCode());
        assertTrue(r.contentType().startsWith("multipart/related"), r.contentType());
        assertTrue(r.contentType().contains("type=\"application/dicom\""), r.contentType());
        List<Multiparts.Part> parts = Multiparts.parse(r.contentType(), r.asByteArray());
        assertEquals(1, parts.size());
        assertEquals("application/dicom; transfer-syntax=1.2.840.10008.1.2.1", parts.get(0).headers().get("content-type"));
        assertArrayEquals(Files.readAllBytes(StoredSeriesFixture.file("ct_series_pydicom_inst018.dcm")),
                parts.get(0).body());

        Response series = given().accept("multipart/related; type=\"application/dicom\"")
                .get("/dicomweb/studies/" + CT_STUDY + "/series/" + CT_SERIES);
        List<Multiparts.Part> all = Multiparts.parse(series.contentType(), series.asByteArray());
        assertEquals(4, all.size());
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(Files.readAllBytes(StoredSeriesFixture.file(CT_FILES_BY_POSITION[i])), all.get(i).body());
        }
        given().accept("multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.4.50")
                .get("/dicomweb/studies/" + CT_STUDY + "/series/" + CT_SERIES).then().statusCode(406);
        given().accept("multipart/related; type=\"application/dicom\"")
                .get("/dicomweb/studies/" + CT_STUDY).then().statusCode(200);
    }

    @Test
    void framesInTheStoredTransferSyntax() throws Exception {
        DicomObject ctFull = DicomReader.read(StoredSeriesFixture.file("ct_series_pydicom_inst182.dcm"));
        String sop = ctFull.getString(Tags.SOPInstanceUID);
        Response r = given().accept("multipart/related; type=\"application/octet-stream\"; transfer-syntax=*")
                .get("/dicomweb/studies/" + CT_STUDY + "/series/" + CT_SERIES + "/instances/" + sop + "/frames/1");
        assertEquals(200, r.statusCode());
        assertTrue(r.contentType().contains("type=\"application/octet-stream\""), r.contentType());
        List<Multiparts.Part> parts = Multiparts.parse(r.contentType(), r.asByteArray());
        assertEquals(1, parts.size());
        assertEquals("application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1",
                parts.get(0).headers().get("content-type"));
        assertArrayEquals(Frames.rawFrame(ctFull, 1), parts.get(0).body());

        DicomObject us = DicomReader.read(StoredSeriesFixture.file("us_multiframe_jpeg_baseline_ybr422_pydicom.dcm"));
        String usSop = us.getString(Tags.SOPInstanceUID);
        Response m = given().get("/dicomweb/studies/" + MIX_STUDY + "/series/" + MIX_SERIES + "/instances/" + usSop
                + "/frames/1,3");
        assertEquals(200, m.statusCode());
        List<Multiparts.Part> frames = Multiparts.parse(m.contentType(), m.asByteArray());
        assertEquals(2, frames.size());
        assertArrayEquals(Frames.rawFrame(us, 1), frames.get(0).body());
        assertArrayEquals(Frames.rawFrame(us, 3), frames.get(1).body());
        assertTrue(frames.get(0).headers().get("content-type").endsWith("transfer-syntax=" + us.transferSyntaxUid()));
        given().get("/dicomweb/studies/" + MIX_STUDY + "/series/" + MIX_SERIES + "/instances/" + usSop
                + "/frames/999").then().statusCode(404);
        given().get("/dicomweb/studies/" + MIX_STUDY + "/series/" + MIX_SERIES + "/instances/" + usSop
                + "/frames/x").then().statusCode(400);
    }

    @Test
    void rescanRegistersIndexesFoundInStorage() throws Exception {
        StoredSeriesFixture.Built extra = new StoredSeriesFixture()
                .add("ct_implicit_le_ge_signed_rescale_cornerstone.dcm", false)
                .as("1.2.826.0.1.3680043.8.498.7100", "1.2.826.0.1.3680043.8.498.7101", "RESCAN-1", "CT")
                .collection("RESCAN")
                .store(storage);
        given().post("/api/viewer/catalog/rescan").then().statusCode(200).body("registered", equalTo(1));
        given().get("/api/viewer/series/1.2.826.0.1.3680043.8.498.7101").then().statusCode(200)
                .body("indexKey", equalTo(extra.indexKey()));
        given().post("/api/viewer/catalog/rescan").then().statusCode(200).body("registered", equalTo(0));
    }

    @Test
    void stowStoresANewSeriesInTheStoredLayout() throws Exception {
        DicomObject seg = DicomReader.readHeader(StoredSeriesFixture.file("seg_ct_binary_highdicom.dcm"));
        String study = seg.getString(Tags.StudyInstanceUID);
        String series = seg.getString(Tags.SeriesInstanceUID);
        byte[] file = Files.readAllBytes(StoredSeriesFixture.file("seg_ct_binary_highdicom.dcm"));
        String boundary = "stow-test-boundary";
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes());
        body.write(file);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes());
        String retrieveUrl = given().contentType("multipart/related; type=\"application/dicom\"; boundary=" + boundary)
                .body(body.toByteArray()).post("/dicomweb/studies").then().statusCode(200)
                .contentType("application/dicom+json")
                .extract().path("'00081199'.Value[0].'00081190'.Value[0]");
        assertTrue(retrieveUrl.contains("/series/" + series), retrieveUrl);
        // now a stored series like any other: QIDO (MONAI Label's SEG discovery), metadata, instance retrieve
        given().queryParam("Modality", "SEG").get("/dicomweb/series").then().statusCode(200)
                .body("$", hasSize(1)).body("[0].'0020000E'.Value[0]", equalTo(series));
        given().get("/dicomweb/studies/" + study + "/series/" + series + "/metadata").then().statusCode(200)
                .body("[0].'00080060'.Value[0]", equalTo("SEG"));
        Response r = given().get("/dicomweb/studies/" + study + "/series/" + series);
        assertArrayEquals(file, Multiparts.parse(r.contentType(), r.asByteArray()).get(0).body());
        // stored series never change
        given().contentType("multipart/related; type=\"application/dicom\"; boundary=" + boundary)
                .body(body.toByteArray()).post("/dicomweb/studies").then().statusCode(409);
    }

    // ------------------------------------------------------------------ helpers

    static byte[] get(String url, String contentType) {
        return given().get(url).then().statusCode(200).contentType(contentType).extract().asByteArray();
    }

    static void assertPixels(RenderedFrame expected, byte[] png) throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertNotNull(img);
        assertEquals(expected.width(), img.getWidth());
        assertEquals(expected.height(), img.getHeight());
        int[] px = img.getRaster().getPixels(0, 0, img.getWidth(), img.getHeight(), (int[]) null);
        assertEquals(expected.pixels().length, px.length);
        for (int i = 0; i < px.length; i++) {
            if ((expected.pixels()[i] & 0xff) != px[i]) {
                throw new AssertionError("pixel " + i + ": expected " + (expected.pixels()[i] & 0xff) + " got " + px[i]);
            }
        }
    }

    @Test
    void controlCharactersInFiltersAre400NamingTheParameterNot500() {
        // found by the security sweep: a NUL reached PostgreSQL ("invalid byte sequence") as a 500
        given().urlEncodingEnabled(false).get("/api/viewer/series?collection=1.2%003").then().statusCode(400)
                .body("field", equalTo("collection"));
        given().urlEncodingEnabled(false).get("/api/viewer/series?q=a%00").then().statusCode(400).body("field", equalTo("q"));
        given().urlEncodingEnabled(false).accept("application/dicom+json").get("/dicomweb/studies?PatientID=%00")
                .then().statusCode(400).body("field", equalTo("PatientID"));
        given().urlEncodingEnabled(false).accept("application/dicom+json").get("/dicomweb/series?Modality=C%07T")
                .then().statusCode(400).body("field", equalTo("Modality"));
    }
}
