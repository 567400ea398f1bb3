import { createClient, type Interceptor } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { cloud } from "@datapact/proto";

/** The header the improvement plan's requests carry their install token in (the app SDK's and the cloud's INSTALL_TOKEN_HEADER). */
const INSTALL_TOKEN_HEADER = "x-datapact-install-token";

/**
 * Leaving the User Experience Improvement Plan erases what the install's
 * token collected (000 §05; M134; decision 0011): the app calls
 * `DataRightsService.DeleteData` as the install, with the token and nothing
 * that names the account, so the erasure links nothing either. Nothing to do
 * for an install that never joined.
 */
export async function eraseInstallAnalytics(cloudUrl: string, installToken: string | undefined): Promise<void> {
  if (!installToken) return;
  const asInstall: Interceptor = (next) => async (req) => {
    req.header.set(INSTALL_TOKEN_HEADER, installToken);
    return next(req);
  };
  const client = createClient(cloud.DataRightsService, createConnectTransport({ baseUrl: cloudUrl, httpVersion: "1.1", interceptors: [asInstall], defaultTimeoutMs: 15_000 }));
  await client.deleteData({ productId: "" });
}
