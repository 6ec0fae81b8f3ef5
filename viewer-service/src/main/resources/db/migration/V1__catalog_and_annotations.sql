-- Catalogue of stored series (one row per registered index JSON) and their instances.
CREATE TABLE series (
    series_uid          VARCHAR(64) PRIMARY KEY,
    study_uid           VARCHAR(64) NOT NULL,
    patient_id          TEXT,
    patient_name        TEXT,
    collection          TEXT,
    modality            TEXT,
    body_part           TEXT,
    manufacturer        TEXT,
    manufacturer_model  TEXT,
    series_description  TEXT,
    series_number       INTEGER,
    study_date          TEXT,
    study_description   TEXT,
    index_key           TEXT NOT NULL,
    zip_key             TEXT NOT NULL,
    zip_size            BIGINT,
    zip_md5             TEXT,
    instance_count      INTEGER NOT NULL,
    stored_at           TEXT,
    registered_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX series_study_idx ON series (study_uid);
CREATE INDEX series_patient_idx ON series (patient_id);
CREATE INDEX series_collection_idx ON series (collection);
CREATE INDEX series_modality_idx ON series (modality);

CREATE TABLE instance (
    series_uid          VARCHAR(64) NOT NULL REFERENCES series (series_uid) ON DELETE CASCADE,
    sop_uid             VARCHAR(64) NOT NULL,
    position            INTEGER NOT NULL,
    sop_class_uid       VARCHAR(64),
    instance_number     INTEGER,
    transfer_syntax     VARCHAR(64),
    rows                INTEGER,
    columns             INTEGER,
    frames              INTEGER,
    entry_name          TEXT,
    data_offset         BIGINT NOT NULL,
    compressed_size     BIGINT NOT NULL,
    uncompressed_size   BIGINT,
    method              INTEGER NOT NULL,
    md5                 TEXT,
    -- the instance entry of the index JSON as written by the download service
    index_entry         TEXT NOT NULL,
    PRIMARY KEY (series_uid, sop_uid)
);
CREATE INDEX instance_sop_idx ON instance (sop_uid);

-- DICOM JSON of the whole series (PS3.18 series metadata), prepared at registration, gzip'd.
CREATE TABLE series_metadata (
    series_uid  VARCHAR(64) PRIMARY KEY REFERENCES series (series_uid) ON DELETE CASCADE,
    dicom_json  BYTEA NOT NULL,
    prepared_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Annotations: every save is a new version of that author's document for the series.
CREATE TABLE annotation_version (
    series_uid  VARCHAR(64) NOT NULL,
    author      TEXT NOT NULL,
    version     INTEGER NOT NULL,
    document    TEXT NOT NULL,
    item_count  INTEGER NOT NULL,
    saved_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (series_uid, author, version)
);
