import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.medcloud.storage.ObjectStorage;
import org.medcloud.storage.ObjectStorageFactory;
import org.medcloud.storage.PutResult;
import org.medcloud.storage.StorageConfig;

/** Baseline: uploads one file to the storage (same libs/storage multipart code path, no parsing). Args: file key. */
public class Upload {
    public static void main(String[] args) throws Exception {
        try (ObjectStorage s = ObjectStorageFactory.create(StorageConfig.fromEnv());
             InputStream in = new BufferedInputStream(Files.newInputStream(Path.of(args[0])), 1 << 16)) {
            long t0 = System.nanoTime();
            PutResult r = s.put(args[1], in, "application/zip", Map.of("series_uid", "benchmark"));
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%d %.3f%n", r.size(), secs);
        }
    }
}
