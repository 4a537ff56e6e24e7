package cloudfrontfake

import "encoding/xml"

// Wire shapes of the 2020-05-31 API (only the elements this fake serves).

type errorResponse struct {
	XMLName   xml.Name    `xml:"ErrorResponse"`
	Xmlns     string      `xml:"xmlns,attr"`
	Error     errorDetail `xml:"Error"`
	RequestID string      `xml:"RequestId"`
}

type errorDetail struct {
	Type    string `xml:"Type"`
	Code    string `xml:"Code"`
	Message string `xml:"Message"`
}

type publicKeyConfigXML struct {
	XMLName         xml.Name `xml:"PublicKeyConfig"`
	Xmlns           string   `xml:"xmlns,attr,omitempty"`
	CallerReference string   `xml:"CallerReference"`
	Name            string   `xml:"Name"`
	EncodedKey      string   `xml:"EncodedKey"`
	Comment         string   `xml:"Comment,omitempty"`
}

type publicKeyResultXML struct {
	XMLName     xml.Name           `xml:"PublicKey"`
	Xmlns       string             `xml:"xmlns,attr"`
	ID          string             `xml:"Id"`
	CreatedTime string             `xml:"CreatedTime"`
	Config      publicKeyConfigXML `xml:"PublicKeyConfig"`
}

func publicKeyXML(k *PublicKey) publicKeyResultXML {
	return publicKeyResultXML{
		Xmlns: Namespace, ID: k.ID, CreatedTime: timestamp(k.Created),
		Config: publicKeyConfigXML{CallerReference: k.CallerReference, Name: k.Name, EncodedKey: k.EncodedKey, Comment: k.Comment},
	}
}

type publicKeyListXML struct {
	XMLName    xml.Name              `xml:"PublicKeyList"`
	Xmlns      string                `xml:"xmlns,attr"`
	NextMarker string                `xml:"NextMarker,omitempty"`
	MaxItems   int                   `xml:"MaxItems"`
	Quantity   int                   `xml:"Quantity"`
	Items      []publicKeySummaryXML `xml:"Items>PublicKeySummary"`
}

type publicKeySummaryXML struct {
	ID          string `xml:"Id"`
	Name        string `xml:"Name"`
	CreatedTime string `xml:"CreatedTime"`
	EncodedKey  string `xml:"EncodedKey"`
	Comment     string `xml:"Comment,omitempty"`
}

type keyGroupConfigXML struct {
	XMLName xml.Name `xml:"KeyGroupConfig"`
	Xmlns   string   `xml:"xmlns,attr,omitempty"`
	Name    string   `xml:"Name"`
	Items   []string `xml:"Items>PublicKey"`
	Comment string   `xml:"Comment,omitempty"`
}

type keyGroupResultXML struct {
	XMLName          xml.Name          `xml:"KeyGroup"`
	Xmlns            string            `xml:"xmlns,attr,omitempty"`
	ID               string            `xml:"Id"`
	LastModifiedTime string            `xml:"LastModifiedTime"`
	Config           keyGroupConfigXML `xml:"KeyGroupConfig"`
}

func keyGroupXML(g *KeyGroup) keyGroupResultXML {
	return keyGroupResultXML{
		Xmlns: Namespace, ID: g.ID, LastModifiedTime: timestamp(g.LastModified),
		Config: keyGroupConfigXML{Name: g.Name, Items: append([]string(nil), g.Items...), Comment: g.Comment},
	}
}

type keyGroupListXML struct {
	XMLName    xml.Name             `xml:"KeyGroupList"`
	Xmlns      string               `xml:"xmlns,attr"`
	NextMarker string               `xml:"NextMarker,omitempty"`
	MaxItems   int                  `xml:"MaxItems"`
	Quantity   int                  `xml:"Quantity"`
	Items      []keyGroupSummaryXML `xml:"Items>KeyGroupSummary"`
}

type keyGroupSummaryXML struct {
	KeyGroup keyGroupResultXML `xml:"KeyGroup"`
}

type distributionIDListXML struct {
	XMLName     xml.Name `xml:"DistributionIdList"`
	Xmlns       string   `xml:"xmlns,attr"`
	Marker      string   `xml:"Marker"`
	NextMarker  string   `xml:"NextMarker,omitempty"`
	MaxItems    int      `xml:"MaxItems"`
	IsTruncated bool     `xml:"IsTruncated"`
	Quantity    int      `xml:"Quantity"`
	Items       []string `xml:"Items>DistributionId"`
}
