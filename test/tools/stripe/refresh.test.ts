import { strict as assert } from "assert";
import * as fs from "fs";
import * as http from "http";
import { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import { PINNED_FILE, readUrl, refreshPinnedList } from "../../../tools/stripe/refresh";

// The refresh against local fixtures only: a local HTTP server and file URLs.
describe("tools/stripe/refresh", () => {
    let server: http.Server;
    let base: string;
    const pages: Record<string, [number, string]> = {
        "/ips_api.txt": [200, "13.55.5.15\n13.55.153.188\n2600:1f18::1\n"],
        "/broken.txt": [200, "13.55.5.15\n<!DOCTYPE html>\n"],
        "/missing.txt": [404, "not found"],
    };
    let dir: string;
    let file: string;

    before(async () => {
        server = http.createServer((req, res) => {
            const [status, body] = pages[req.url ?? ""] ?? [404, ""];
            res.writeHead(status, { "content-type": "text/plain" }).end(body);
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => new Promise((resolve) => server.close(resolve)));
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "stripe-ips-"));
        file = path.join(dir, "stripe-api-ips.txt");
        fs.writeFileSync(file, "13.55.5.15\n13.56.126.253\n");
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("replaces the pinned list and reports what changed", async () => {
        const r = await refreshPinnedList(`${base}/ips_api.txt`, file);
        assert.deepEqual(r, { total: 3, added: ["13.55.153.188", "2600:1f18::1"], removed: ["13.56.126.253"] });
        assert.equal(fs.readFileSync(file, "utf8"), "13.55.5.15\n13.55.153.188\n2600:1f18::1\n");
    });

    it("leaves the pinned list untouched when a line is not an address or the download fails", async () => {
        await assert.rejects(refreshPinnedList(`${base}/broken.txt`, file), /not an IP address on 1 line\(s\): line 2/);
        await assert.rejects(refreshPinnedList(`${base}/missing.txt`, file), /HTTP 404/);
        assert.equal(fs.readFileSync(file, "utf8"), "13.55.5.15\n13.56.126.253\n");
        assert.deepEqual(fs.readdirSync(dir), ["stripe-api-ips.txt"]);
    });

    it("reads file URLs, and the shipped pinned list is valid input to itself", async () => {
        const r = await refreshPinnedList(pathToFileURL(PINNED_FILE).href, file);
        assert.equal(r.total, 162);
        await assert.rejects(readUrl("ftp://example.com/x"), /only https, http and file URLs/);
    });
});
