package org.medcloud.common.storage;

import org.medcloud.common.startup.StartupCheck;
import org.medcloud.storage.ObjectStorage;
import org.medcloud.storage.StorageConfigException;

/** Start-up check of object storage shared by the services that store or read series. */
public final class StorageStartup {

    private StorageStartup() {
    }

    /** Start-up check: the endpoint answers, the credentials work and the bucket exists; else one line naming the setting. */
    public static boolean checkReady(ObjectStorage storage) {
        String[] setting = {"STORAGE_TYPE / STORAGE_BUCKET / S3_ENDPOINT / AZURE_CONNECTION_STRING"};
        RuntimeException[] failure = {null};
        try {
            storage.checkReady();
        } catch (StorageConfigException e) {
            setting[0] = e.setting();
            failure[0] = e;
        } catch (RuntimeException e) {
            failure[0] = e;
        }
        return StartupCheck.run(setting[0], "object storage is not usable", () -> {
            if (failure[0] != null) {
                throw failure[0];
            }
        });
    }
}
