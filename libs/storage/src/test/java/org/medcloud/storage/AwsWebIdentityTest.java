package org.medcloud.storage;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.internal.WebIdentityCredentialsUtils;

/**
 * EKS IRSA: with S3_ACCESS_KEY empty the S3 client uses the default credential chain, whose
 * web-identity provider (AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN) looks the STS module up by
 * reflection and fails at the first S3 call ("the 'sts' service module must be on the class path")
 * when it is missing. This is the same lookup the chain makes.
 */
class AwsWebIdentityTest {

    @Test
    void theWebIdentityProviderOfTheDefaultChainFindsSts() {
        assertNotNull(WebIdentityCredentialsUtils.factory(), "STS web-identity factory");
    }
}
